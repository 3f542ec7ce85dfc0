package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesContentWithExactlyTheRequestedMode() throws IOException {
        Path target = dir.resolve("account.key");

        AtomicFile.write(target, bytes("secret"), PosixFilePermissions.fromString("rw-------"));

        assertArrayEquals(bytes("secret"), Files.readAllBytes(target));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void setsModeBitsThatTheUmaskWouldRemove() throws IOException {
        Path target = dir.resolve("shared.pem");

        AtomicFile.write(target, bytes("x"), PosixFilePermissions.fromString("rw-rw-rw-"));

        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void replacesAnExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path target = dir.resolve("state.json");
        Files.writeString(target, "old");

        AtomicFile.write(target, bytes("new"), PosixFilePermissions.fromString("rw-------"));

        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), entries());
    }

    @Test
    void replacesTheModeOfTheFileItReplaces() throws IOException {
        Path target = dir.resolve("key.pem");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFile.write(target, bytes("new"), PosixFilePermissions.fromString("rw-------"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    private List<Path> entries() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
