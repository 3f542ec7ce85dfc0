package io.sidecert.store;

import io.sidecert.testing.CertbotLineage;
import static io.sidecert.store.StoreChecks.assertConsistentLiveSet;
import static io.sidecert.store.StoreChecks.assertSameMaterial;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sidecert.config.KeyType;
import io.sidecert.config.StorageSettings;
import io.sidecert.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertbotLayoutStoreTest {
    private static final String NAME = "shop.example";

    @TempDir
    Path root;

    private CertbotLayoutStore store() {
        return new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
    }

    @Test
    void nothingStoredReadsAsEmpty() throws StoreException {
        assertEquals(Optional.empty(), store().current(NAME));
        assertEquals(List.of(), store().names());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void savedCertificateReadsBackAsTheSameMaterial(KeyType type) throws StoreException {
        CertificateMaterial material = issue(type);

        StoredCertificate saved = store().save(NAME, material);
        StoredCertificate read = store().current(NAME).orElseThrow();

        assertEquals(1, saved.version());
        assertEquals(1, read.version());
        assertEquals(NAME, read.name());
        assertSameMaterial(material, read.material());
    }

    @Test
    void liveIsARelativeLinkToACompleteVersionDirectory() throws Exception {
        CertificateMaterial material = TestCertificates.issue(NAME, "www." + NAME);

        store().save(NAME, material);

        Path live = root.resolve("live").resolve(NAME);
        assertTrue(Files.isSymbolicLink(live));
        assertEquals(Path.of("..", "archive", NAME, "1"), Files.readSymbolicLink(live));
        assertEquals(List.of(material.leaf()), Pem.readCertificates(live.resolve("cert.pem")));
        assertEquals(material.chain().subList(1, 2), Pem.readCertificates(live.resolve("chain.pem")));
        assertEquals(material.chain(), Pem.readCertificates(live.resolve("fullchain.pem")));
        assertTrue(Files.readString(live.resolve("privkey.pem")).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertConsistentLiveSet(root, NAME);
    }

    @Test
    void theVolumeCanBeMountedAnywhere(@TempDir Path elsewhere) throws Exception {
        CertificateMaterial material = TestCertificates.issue(NAME);
        store().save(NAME, material);

        Path moved = elsewhere.resolve("letsencrypt");
        Files.move(root, moved);
        Files.createDirectory(root); // @TempDir cleans up the original path

        Optional<StoredCertificate> read =
                new CertbotLayoutStore(moved, FileModes.defaults(), FileOwnership.unchanged()).current(NAME);
        assertSameMaterial(material, read.orElseThrow().material());
        assertConsistentLiveSet(moved, NAME);
    }

    /** Issue 10, item 4: a link at archive/, archive/<name> or live/ that leads out of the store. */
    @ParameterizedTest
    @ValueSource(strings = {"archive", "archive/" + NAME, "live"})
    void aLinkLeavingTheStoreIsNotWrittenThrough(String linked, @TempDir Path outside) throws Exception {
        Files.createDirectories(root.resolve(linked).getParent());
        Files.createSymbolicLink(root.resolve(linked), outside);

        StoreException refused = assertThrows(StoreException.class,
                () -> store().save(NAME, TestCertificates.issue(NAME)));

        assertTrue(refused.getMessage().startsWith("[" + NAME + "] save: " + linked + " is a symbolic link to "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("refusing to write a private key through it"), refused.getMessage());
        try (Stream<Path> written = Files.walk(outside)) {
            assertEquals(List.of(outside), written.toList(), "nothing written outside the store");
        }
    }

    @Test
    void aLinkThatStaysInsideTheStoreIsFollowed() throws Exception {
        Files.createDirectories(root.resolve("versions"));
        Files.createSymbolicLink(root.resolve("archive"), Path.of("versions"));

        store().save(NAME, TestCertificates.issue(NAME));

        assertTrue(Files.exists(root.resolve("versions").resolve(NAME).resolve("1").resolve("privkey.pem")));
        assertConsistentLiveSet(root, NAME);
    }

    /** Issue 10, item 4: with live/ moved by a link, the relative link in it must not be reported as renewed. */
    @Test
    void aSwitchThatLeavesLiveDanglingIsAFailure() throws Exception {
        Files.createDirectories(root.resolve("proxy").resolve("live"));
        Files.createSymbolicLink(root.resolve("live"), Path.of("proxy", "live"));

        StoreException failed = assertThrows(StoreException.class,
                () -> store().save(NAME, TestCertificates.issue(NAME)));

        assertTrue(failed.getMessage().startsWith("[" + NAME + "] save: after switching live/" + NAME
                + " to version 1"), failed.getMessage());
        assertTrue(failed.getMessage().contains("does not resolve"), failed.getMessage());
    }

    @Test
    void filesGetCertbotModesByDefault() throws Exception {
        store().save(NAME, TestCertificates.issue(NAME));

        Path version = root.resolve("archive").resolve(NAME).resolve("1");
        assertEquals("rw-------", mode(version.resolve("privkey.pem")));
        for (String file : List.of("cert.pem", "chain.pem", "fullchain.pem")) {
            assertEquals("rw-r--r--", mode(version.resolve(file)), file);
        }
        for (Path directory : List.of(version, version.getParent(), root.resolve("archive"), root.resolve("live"))) {
            assertEquals("rwxr-xr-x", mode(directory), directory.toString());
        }
    }

    @Test
    void filesGetConfiguredModes() throws Exception {
        StorageSettings settings = new StorageSettings(root, root.resolve("state"), "rw-r-----", "rw-rw-r--",
                Optional.empty(), Optional.empty(), false);

        new CertbotLayoutStore(settings).save(NAME, TestCertificates.issue(NAME));

        Path version = root.resolve("archive").resolve(NAME).resolve("1");
        assertEquals("rw-r-----", mode(version.resolve("privkey.pem")));
        assertEquals("rw-rw-r--", mode(version.resolve("fullchain.pem")));
        assertFalse(Files.exists(version.resolve(CombinedPem.FILE_NAME)), "only when asked for");
    }

    @Test
    void combinedPemHoldsKeyThenFullchainWithTheKeysModeAndSwitchesWithTheRest() throws Exception {
        StorageSettings settings = new StorageSettings(root, root.resolve("state"), "rw-r-----", "rw-rw-r--",
                Optional.empty(), Optional.empty(), true);
        CertbotLayoutStore combined = new CertbotLayoutStore(settings);

        combined.save(NAME, TestCertificates.issue(NAME));
        StoredCertificate second = combined.save(NAME, TestCertificates.issue(NAME));

        Path live = root.resolve("live").resolve(NAME);
        Path file = live.resolve(CombinedPem.FILE_NAME);
        assertEquals(Files.readString(live.resolve("privkey.pem")) + Files.readString(live.resolve("fullchain.pem")),
                Files.readString(file));
        assertEquals("rw-r-----", mode(file.toRealPath()));
        assertEquals(root.resolve("archive").resolve(NAME).resolve("2").resolve(CombinedPem.FILE_NAME).toRealPath(),
                file.toRealPath(), "the newest version's, through the live link");
        assertSameMaterial(second.material(), combined.current(NAME).orElseThrow().material());
    }

    @Test
    void ownerAndGroupAreAppliedByNumericId() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown to another uid needs root");
        FileOwnership ownership = new FileOwnership(Optional.of("4321"), Optional.of("8765"));

        new CertbotLayoutStore(root, FileModes.defaults(), ownership).save(NAME, TestCertificates.issue(NAME));

        Path version = root.resolve("archive").resolve(NAME).resolve("1");
        for (Path path : List.of(version, version.resolve("privkey.pem"), version.resolve("fullchain.pem"))) {
            assertEquals(4321, Files.getAttribute(path, "unix:uid"), path.toString());
            assertEquals(8765, Files.getAttribute(path, "unix:gid"), path.toString());
        }
        Path link = root.resolve("live").resolve(NAME);
        assertEquals(4321, Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void unknownOwnerNameFailsTheSaveWithAHint() {
        FileOwnership ownership = new FileOwnership(Optional.of("no-such-user-sidecert"), Optional.empty());
        CertbotLayoutStore store = new CertbotLayoutStore(root, FileModes.defaults(), ownership);

        StoreException e = assertThrows(StoreException.class, () -> store.save(NAME, TestCertificates.issue(NAME)));

        assertTrue(e.getMessage().startsWith("[" + NAME + "] save"), e.getMessage());
        assertTrue(e.getMessage().contains("numeric id"), e.getMessage());
        assertFalse(Files.exists(root.resolve("live").resolve(NAME), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void eachSaveIsTheNextVersionAndLiveFollows() throws Exception {
        CertbotLayoutStore store = store();
        CertificateMaterial last = null;
        for (int expected = 1; expected <= 3; expected++) {
            last = TestCertificates.issue(NAME);
            assertEquals(expected, store.save(NAME, last).version());
        }

        StoredCertificate current = store.current(NAME).orElseThrow();
        assertEquals(3, current.version());
        assertSameMaterial(last, current.material());
        // Older versions stay whole, for rollback by hand.
        assertTrue(Files.isRegularFile(root.resolve("archive").resolve(NAME).resolve("1").resolve("privkey.pem")));
    }

    @Test
    void versionNumbersContinueAfterCertbotFilesInTheArchive() throws Exception {
        Path archive = Files.createDirectories(root.resolve("archive").resolve(NAME));
        Files.writeString(archive.resolve("cert7.pem"), "left by certbot");
        Files.createDirectory(archive.resolve("3"));

        assertEquals(8, store().save(NAME, TestCertificates.issue(NAME)).version());
    }

    @Test
    void leftoversOfAKilledSaveAreRemovedOnTheNextSaveOfThatName() throws Exception {
        CertbotLayoutStore store = store();
        store.save(NAME, TestCertificates.issue(NAME));
        Path abandoned = Files.createDirectories(root.resolve("archive").resolve(NAME).resolve(".tmp-2-123456"));
        Files.writeString(abandoned.resolve("privkey.pem"), "half");
        Path staleLink = root.resolve("live").resolve("." + NAME + ".tmp-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        Files.createSymbolicLink(staleLink, Path.of("..", "archive", NAME, "1"));
        Path otherLineage = Files.createDirectories(root.resolve("archive/other.example/.tmp-1-9"));

        assertEquals(2, store.save(NAME, TestCertificates.issue(NAME)).version());

        assertFalse(Files.exists(abandoned));
        assertFalse(Files.exists(staleLink, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(otherLineage), "only the saved name's leftovers are touched");
        assertEquals(List.of(NAME), entries(root.resolve("live")));
    }

    @Test
    void namesListsLineagesButNotCertbotReadmeNorHiddenEntries() throws Exception {
        CertbotLineage.create(root, "legacy.example", List.of(TestCertificates.issue("legacy.example")));
        CertbotLayoutStore store = store();
        store.save(NAME, TestCertificates.issue(NAME));
        store.save("api.example", TestCertificates.issue("api.example"));

        assertEquals(List.of("api.example", "legacy.example", NAME), store.names());
    }

    @Test
    void keyThatDoesNotMatchTheCertificateIsAnErrorNamingTheFile() throws Exception {
        store().save(NAME, TestCertificates.issue(NAME));
        Path privkey = root.resolve("archive").resolve(NAME).resolve("1").resolve("privkey.pem");
        Files.writeString(privkey, Pem.privateKey(TestCertificates.keyPair(KeyType.EC_P256).getPrivate()));

        StoreException e = assertThrows(StoreException.class, () -> store().current(NAME));

        assertTrue(e.getMessage().startsWith("[" + NAME + "] read live certificate"), e.getMessage());
        assertTrue(e.getMessage().contains(privkey.toRealPath().toString()), e.getMessage());
    }

    @Test
    void unparseableFullchainIsAnErrorNamingTheFile() throws Exception {
        store().save(NAME, TestCertificates.issue(NAME));
        Path fullchain = root.resolve("archive").resolve(NAME).resolve("1").resolve("fullchain.pem");
        Files.writeString(fullchain, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        StoreException e = assertThrows(StoreException.class, () -> store().current(NAME));

        assertTrue(e.getMessage().contains(fullchain.toRealPath().toString()), e.getMessage());
    }

    @Test
    void brokenLiveLinkIsAnError() throws Exception {
        Files.createDirectories(root.resolve("live"));
        Files.createSymbolicLink(root.resolve("live").resolve(NAME), Path.of("..", "archive", NAME, "9"));

        StoreException e = assertThrows(StoreException.class, () -> store().current(NAME));

        assertTrue(e.getMessage().contains("broken link"), e.getMessage());
    }

    @Test
    void materialWhoseKeyDoesNotMatchIsRefusedBeforeAnythingIsWritten() {
        CertificateMaterial issued = TestCertificates.issue(NAME);
        CertificateMaterial mismatched =
                new CertificateMaterial(issued.chain(), TestCertificates.keyPair(KeyType.EC_P256));

        assertThrows(StoreException.class, () -> store().save(NAME, mismatched));

        assertFalse(Files.exists(root.resolve("archive")));
    }

    @Test
    void missingVolumeIsReportedAsSuch() {
        CertbotLayoutStore store =
                new CertbotLayoutStore(root.resolve("not-mounted"), FileModes.defaults(), FileOwnership.unchanged());

        StoreException e = assertThrows(StoreException.class, () -> store.save(NAME, TestCertificates.issue(NAME)));

        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "a/b", "..", ".", "", "a..b", ".hidden", "back\\slash", "/abs"})
    void unsafeNamesAreRefused(String name) {
        CertbotLayoutStore store = store();

        assertThrows(StoreException.class, () -> store.current(name));
        assertThrows(StoreException.class, () -> store.save(name, TestCertificates.issue("x.example")));
    }

    private static CertificateMaterial issue(KeyType type) {
        Instant now = Instant.now();
        return TestCertificates.issue(List.of(NAME), type, now, now.plus(Duration.ofDays(90)));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
