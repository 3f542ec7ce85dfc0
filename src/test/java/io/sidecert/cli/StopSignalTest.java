package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sidecert run` stopped by a real SIGTERM exits 0, as the README promises and supervisors expect. */
class StopSignalTest {
    @TempDir
    Path dir;

    @Test
    void theDaemonStopsCleanlyOnSigtermAndExitsZero() throws Exception {
        Path config = OfflineInstall.write(dir, "stop");
        Path log = dir.resolve("daemon.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process daemon = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitLine(log, "first pass", daemon);

            Instant stopping = Instant.now();
            daemon.destroy();   // SIGTERM
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), Files.readString(log));

            assertEquals(0, daemon.exitValue(), Files.readString(log));
            assertTrue(Duration.between(stopping, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0);
            assertTrue(Files.readString(log).contains("stopped"), Files.readString(log));
        } finally {
            daemon.destroyForcibly();
        }
    }

    private static void awaitLine(Path log, String text, Process daemon) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!Files.readString(log).contains(text)) {
            assertTrue(daemon.isAlive() && Instant.now().isBefore(deadline), Files.readString(log));
            Thread.sleep(100);
        }
    }
}
