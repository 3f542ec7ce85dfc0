package io.sidecert.store;

import static io.sidecert.store.StoreChecks.assertConsistentLiveSet;
import static io.sidecert.store.StoreChecks.assertSameMaterial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sidecert.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A kill -9 in the middle of storing leaves the previous version intact. */
class StoreCrashTest {
    private static final String NAME = "crash.example";
    private static final int ROUNDS = 10;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void killedInTheMiddleOfSavingLeavesACompleteLiveVersion() throws Exception {
        CertbotLayoutStore store = new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
        store.save(NAME, TestCertificates.issue(NAME));
        Random random = new Random();
        Path archive = root.resolve("archive").resolve(NAME);

        for (int round = 0; round < ROUNDS; round++) {
            int before = ArchiveVersions.highest(archive);
            Path log = root.resolve("child-" + round + ".log");
            Process child = startChild(log);
            try {
                awaitVersion(archive, before + 2, child, log);
                Thread.sleep(random.nextInt(25));
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks in the child
                child.waitFor();
            }

            assertTrue(Files.isSymbolicLink(root.resolve("live").resolve(NAME)), "round " + round);
            assertConsistentLiveSet(root, NAME);
            StoredCertificate survivor = store.current(NAME).orElseThrow();
            assertTrue(survivor.version() > before, "round " + round + ": the child's saves were live");

            var next = TestCertificates.issue(NAME);
            StoredCertificate saved = store.save(NAME, next);
            assertEquals(ArchiveVersions.highest(archive), saved.version(), "round " + round);
            assertSameMaterial(next, store.current(NAME).orElseThrow().material());
            assertConsistentLiveSet(root, NAME);
            assertNoLeftovers(archive);
        }
    }

    private Process startChild(Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), root.toString(), NAME)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitVersion(Path archive, int version, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ArchiveVersions.highest(archive) < version) {
            if (!child.isAlive()) {
                fail("the child exited with " + child.exitValue() + " before saving:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                fail("the child saved nothing within 20 s:\n" + Files.readString(log));
            }
            Thread.sleep(5);
        }
    }

    private static void assertNoLeftovers(Path archive) throws IOException {
        try (Stream<Path> entries = Files.list(archive)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".tmp-")), names.toString());
        }
        try (Stream<Path> entries = Files.list(archive.getParent().getParent().resolve("live"))) {
            assertEquals(List.of(NAME), entries.map(p -> p.getFileName().toString()).toList());
        }
    }
}
