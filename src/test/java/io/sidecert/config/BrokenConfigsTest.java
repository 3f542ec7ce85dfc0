package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks {@code broken-configs/}: every case is a directory holding a {@code sidecert.conf} that
 * must fail to load, an {@code expected.txt} whose lines must each appear in the error, and
 * optionally an {@code environment.properties} with the environment to load it under.
 *
 * <p>The files are read from the source tree, not the class path, so origins in messages are the
 * relative paths a user would see.
 */
class BrokenConfigsTest {
    private static final Path CORPUS = Path.of("src/test/resources/broken-configs");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> entries = Files.list(CORPUS)) {
            return entries.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEveryExpectedProblem(Path dir) throws IOException {
        List<String> expected = Files.readAllLines(dir.resolve("expected.txt")).stream()
                .filter(line -> !line.isBlank())
                .toList();
        assertFalse(expected.isEmpty(), dir + "/expected.txt lists nothing to check");

        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(environment(dir)).load(dir.resolve("sidecert.conf")));

        for (String line : expected) {
            assertTrue(e.getMessage().contains(line), () -> "missing: " + line + "\nin:\n" + e.getMessage());
        }
    }

    @Test
    void corpusIsLargeEnoughToMeanSomething() throws IOException {
        assertTrue(cases().count() >= 24);
    }

    private static Map<String, String> environment(Path dir) throws IOException {
        Path file = dir.resolve("environment.properties");
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(name -> name, properties::getProperty));
    }
}
