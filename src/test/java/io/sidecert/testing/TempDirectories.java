package io.sidecert.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the fixture's temporary directories; a failure is reported, never thrown (cleanup must not mask). */
final class TempDirectories {
    private TempDirectories() {
    }

    static void delete(Path directory) {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("[sidecert fixture] cannot delete " + directory + ": " + e);
        }
    }
}
