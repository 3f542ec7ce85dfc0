package io.sidecert.store;

import io.sidecert.testing.CertbotLineage;
import static io.sidecert.store.StoreChecks.assertConsistentLiveSet;
import static io.sidecert.store.StoreChecks.assertSameMaterial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.KeyType;
import io.sidecert.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking over a lineage that certbot created, without ever breaking the certificate the proxy serves. */
class CertbotAdoptionTest {
    private static final String NAME = "legacy.example";

    @TempDir
    Path root;

    private CertificateMaterial first;
    private CertificateMaterial second;

    @BeforeEach
    void certbotLineageWithTwoVersions() throws Exception {
        Instant now = Instant.now();
        first = TestCertificates.issue(
                List.of(NAME), KeyType.RSA_2048, now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)));
        second = TestCertificates.issue(List.of(NAME), KeyType.EC_P256, now, now.plus(Duration.ofDays(90)));
        CertbotLineage.create(root, NAME, List.of(first, second));
    }

    private CertbotLayoutStore store() {
        return new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
    }

    @Test
    void readsTheCertbotLineageWithTheVersionItsLinksPointTo() throws Exception {
        StoredCertificate current = store().current(NAME).orElseThrow();

        assertEquals(2, current.version());
        assertSameMaterial(second, current.material());
    }

    @Test
    void firstSaveSwitchesLiveToALinkAndKeepsEveryCertbotFile() throws Exception {
        CertificateMaterial third = TestCertificates.issue(NAME);

        StoredCertificate saved = store().save(NAME, third);

        assertEquals(3, saved.version());
        Path live = root.resolve("live").resolve(NAME);
        assertTrue(Files.isSymbolicLink(live));
        assertEquals(Path.of("..", "archive", NAME, "3"), Files.readSymbolicLink(live));
        assertConsistentLiveSet(root, NAME);
        assertSameMaterial(third, store().current(NAME).orElseThrow().material());
        Path archive = root.resolve("archive").resolve(NAME);
        for (int version = 1; version <= 2; version++) {
            for (String kind : List.of("cert", "chain", "fullchain", "privkey")) {
                assertTrue(Files.isRegularFile(archive.resolve(kind + version + ".pem")), kind + version);
            }
        }
        // certbot's directory is set aside, and its links still resolve to the working version 2.
        Path aside = root.resolve("live").resolve("." + NAME + ".certbot-2");
        assertTrue(Files.isRegularFile(aside.resolve("README")));
        assertEquals(second.leaf(), Pem.readCertificates(aside.resolve("cert.pem")).get(0));
        assertEquals(List.of(NAME), store().names());
    }

    @Test
    void laterSavesSwapTheLinkAsUsual() throws Exception {
        CertbotLayoutStore store = store();
        store.save(NAME, TestCertificates.issue(NAME));
        CertificateMaterial fourth = TestCertificates.issue(NAME);

        assertEquals(4, store.save(NAME, fourth).version());

        assertEquals(Path.of("..", "archive", NAME, "4"), Files.readSymbolicLink(root.resolve("live").resolve(NAME)));
        assertSameMaterial(fourth, store.current(NAME).orElseThrow().material());
    }

    @Test
    void adoptionCutBetweenItsTwoRenamesIsFinishedByTheNextRead() throws Exception {
        // What a kill between "certbot directory aside" and "link in" leaves: the version and the link are ready.
        CertificateMaterial third = TestCertificates.issue(NAME);
        CertbotLayoutStore store = store();
        store.save(NAME, third);
        Path live = root.resolve("live").resolve(NAME);
        Path link = root.resolve("live").resolve("." + NAME + ".tmp-01234567-89ab-cdef-0123-456789abcdef");
        Files.move(live, link);
        assertFalse(Files.exists(live, LinkOption.NOFOLLOW_LINKS));

        assertEquals(List.of(NAME), store.names());
        StoredCertificate current = store.current(NAME).orElseThrow();

        assertEquals(3, current.version());
        assertSameMaterial(third, current.material());
        assertTrue(Files.isSymbolicLink(live));
        assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void deletedLiveLinkWithoutAnInterruptedAdoptionStaysDeleted() throws Exception {
        CertbotLayoutStore store = store();
        store.save(NAME, TestCertificates.issue(NAME));
        Files.delete(root.resolve("live").resolve(NAME));

        assertTrue(store.current(NAME).isEmpty(), "removing live/<name> asks for a new certificate");
    }
}
