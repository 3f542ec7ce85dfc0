package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingReloadsTest {
    private static final CertificateChange SHOP_1 = change("shop", 1);
    private static final CertificateChange SHOP_2 = change("shop", 2);
    private static final CertificateChange API_7 = change("api", 7);

    @TempDir
    Path state;

    @Test
    void whatWasRenewedIsReadBackAfterARestart() throws Exception {
        new PendingReloads(state).add(SHOP_1);

        PendingReloads restarted = new PendingReloads(state);

        assertEquals(List.of(SHOP_1), restarted.changesFor("nginx", restarted.forEveryTarget()));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(state.resolve(PendingReloads.FILE_NAME))));
        assertTrue(Files.readString(state.resolve(PendingReloads.FILE_NAME)).contains("\"serial\" : \"1\""));
    }

    @Test
    void aFailedContainerKeepsItsChangesAndGetsNewerOnesOnTop() {
        PendingReloads pending = new PendingReloads(state);
        pending.add(SHOP_1);
        pending.add(API_7);
        pending.settle(Map.of("bad", List.of(SHOP_1, API_7)), Set.of("bad", "good"), pending.forEveryTarget());

        pending.add(SHOP_2);

        assertEquals(List.of(API_7, SHOP_2), pending.changesFor("bad", pending.forEveryTarget()));
        assertEquals(List.of(SHOP_2), pending.changesFor("good", pending.forEveryTarget()));
        assertEquals(Set.of("api", "shop"), pending.certificates());
        assertEquals(List.of(API_7, SHOP_2), changesAfterARestart("bad"), "and so does the file");
    }

    @Test
    void settlingWithNoFailuresRemovesTheFile() {
        PendingReloads pending = new PendingReloads(state);
        pending.add(SHOP_1);

        pending.settle(Map.of(), Set.of("nginx"), pending.forEveryTarget());

        assertTrue(pending.isEmpty());
        assertFalse(Files.exists(state.resolve(PendingReloads.FILE_NAME)));
    }

    @Test
    void aContainerOnlyAnotherNodeSeesKeepsItsRetryOnASharedStateVolume() {
        PendingReloads nodeB = new PendingReloads(state);
        nodeB.add(SHOP_1);
        nodeB.settle(Map.of("nginx-b", List.of(SHOP_1)), Set.of("nginx-b"), nodeB.forEveryTarget());
        PendingReloads nodeA = new PendingReloads(state);

        nodeA.refresh();
        nodeA.settle(Map.of(), Set.of("nginx-a"), nodeA.forEveryTarget());

        assertEquals(List.of(SHOP_1), changesAfterARestart("nginx-b"), "node B still retries");
    }

    @Test
    void takesInWhatAnotherProcessLeft() {
        PendingReloads daemon = new PendingReloads(state);
        new PendingReloads(state).add(API_7);   // `sidecert renew api` beside the daemon

        daemon.refresh();

        assertEquals(List.of(API_7), daemon.changesFor("nginx", daemon.forEveryTarget()));
    }

    @Test
    void aChangeAddedDuringAReloadPassWaitsForTheNextPass() {
        PendingReloads pending = new PendingReloads(state);
        pending.add(SHOP_1);
        Map<String, CertificateChange> delivering = pending.forEveryTarget();

        pending.add(API_7);   // stored while the pass reloads the proxies
        pending.settle(Map.of(), Set.of("nginx"), delivering);

        assertEquals(List.of(API_7), pending.changesFor("nginx", pending.forEveryTarget()));
    }

    private List<CertificateChange> changesAfterARestart(String container) {
        PendingReloads restarted = new PendingReloads(state);
        return restarted.changesFor(container, restarted.forEveryTarget());
    }

    @Test
    void anUnreadableFileIsIgnored() throws Exception {
        Files.writeString(state.resolve(PendingReloads.FILE_NAME), "{ not json");

        assertTrue(new PendingReloads(state).isEmpty());
    }

    private static CertificateChange change(String name, int serial) {
        return new CertificateChange(name, List.of(name + ".example.com"), BigInteger.valueOf(serial));
    }
}
