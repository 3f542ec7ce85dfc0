package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Under {@code umask 000}, sidecert's private state is still created for its owner alone. */
class UmaskTest {
    @TempDir
    Path dir;

    @Test
    void aPermissiveUmaskLeavesNothingInTheStateDirectoryWritableByOthers() throws Exception {
        Path config = OfflineInstall.write(dir, "open");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String command = "umask 000; exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                + Main.class.getName() + " check --config '" + config + "'";
        Process check = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(1, check.exitValue(), "the order fails, the state is written: " + output);

        List<String> open = new ArrayList<>();
        try (Stream<Path> entries = Files.walk(dir.resolve("state"))) {
            for (Path entry : entries.toList()) {
                var mode = Files.getPosixFilePermissions(entry);
                if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)
                        || mode.contains(PosixFilePermission.OTHERS_READ)) {
                    open.add(dir.relativize(entry) + " " + PosixFilePermissions.toString(mode));
                }
            }
        }
        assertTrue(Files.exists(dir.resolve("state/locks/open.lock")), "the lock file was made");
        assertTrue(Files.exists(dir.resolve("state/certificates/open.json")), "the state file was made");
        assertEquals(List.of(), open, "open to others under umask 000");
    }
}
