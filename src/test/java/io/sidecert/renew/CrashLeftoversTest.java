package io.sidecert.renew;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, item 17: what a {@code kill -9} during a save left is removed at start-up, not only at the next save. */
class CrashLeftoversTest {
    @TempDir
    Path certs;
    @TempDir
    Path state;

    private CertbotLayoutStore store() {
        return new CertbotLayoutStore(certs, FileModes.defaults(), FileOwnership.unchanged());
    }

    @Test
    void removesUnfinishedVersionsAndTemporaryLinksOfEveryLineage() throws Exception {
        store().save("shop", TestCertificates.issue("shop.example"));
        Path shopTemp = unfinishedVersion("shop", 2);
        Path link = certs.resolve("live").resolve(".shop.tmp-" + UUID.randomUUID());
        Files.createSymbolicLink(link, Path.of("..", "archive", "shop", "1"));
        // Killed before its first version was switched in: there is no live/orphan, only the archive.
        Path orphanTemp = unfinishedVersion("orphan", 1);

        new CrashLeftovers(store(), new CertificateLocks(state)).removeAll();

        assertFalse(Files.exists(shopTemp), "shop's unfinished version");
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "shop's temporary link");
        assertFalse(Files.exists(orphanTemp), "orphan's unfinished version");
        assertEquals(List.of("1"), entries(certs.resolve("archive").resolve("shop")));
        assertEquals(1, store().current("shop").orElseThrow().version(), "the live version untouched");
    }

    @Test
    void leavesALineageAloneWhileAnotherSaveHoldsItsLock() throws Exception {
        Path inUse = unfinishedVersion("shop", 1);
        Optional<CertificateLocks.Held> saving = new CertificateLocks(state).tryLock("shop");
        assertTrue(saving.isPresent());

        try (CertificateLocks.Held held = saving.get()) {
            new CrashLeftovers(store(), new CertificateLocks(state)).removeAll();
        }

        assertTrue(Files.exists(inUse), "another process is filling it");
    }

    private Path unfinishedVersion(String name, int version) throws Exception {
        Path temp = Files.createDirectories(certs.resolve("archive").resolve(name).resolve(".tmp-" + version + "-42"));
        Files.writeString(temp.resolve("privkey.pem"), "half a key");
        return temp;
    }

    private static List<String> entries(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
