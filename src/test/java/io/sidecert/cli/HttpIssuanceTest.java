package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.store.StoredCertificate;
import io.sidecert.config.KeyType;
import io.sidecert.testing.CertbotLineage;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.TestCertificates;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** sidecert against a real Pebble that validates HTTP-01 for real through nginx, badNonce at Pebble's 5 %. */
@Tag("container")
class HttpIssuanceTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    @Test
    void webrootModeIssuesAndThenLeavesTheFreshCertificateAlone() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).webroot()
                .certificates("shop { domains = [shop.sidecert.test, www.shop.sidecert.test] }");

        sidecert.check().expect(0);
        StoredCertificate first = sidecert.live("shop");
        assertEquals(Set.of("shop.sidecert.test", "www.shop.sidecert.test"), Set.copyOf(first.facts().domains()));
        assertIssuedByPebble(first);
        assertTrue(Files.isSymbolicLink(dir.resolve("certs/live/shop")), "live/shop is a link to a version");
        assertTrue(Files.exists(dir.resolve("certs/live/shop/fullchain.pem")));
        try (var leftovers = Files.list(PEBBLE.ca().site().webroot().resolve(".well-known/acme-challenge"))) {
            assertEquals(0, leftovers.count(), "challenge files are removed after validation");
        }

        Sidecert.Run second = sidecert.check().expect(0);
        assertTrue(second.out().contains("not_due"), second.out());
        assertEquals(first.version(), sidecert.live("shop").version());
        assertEquals(first.facts().serial(), sidecert.live("shop").facts().serial());
    }

    @Test
    void standaloneModeAnswersThroughTheProxy() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).standalone()
                .certificates("api { domains = [api.sidecert.test], key-type = rsa-2048 }");

        sidecert.check().expect(0);

        StoredCertificate live = sidecert.live("api");
        assertEquals(List.of("api.sidecert.test"), live.facts().domains());
        assertEquals(java.util.Optional.of(io.sidecert.config.KeyType.RSA_2048), live.facts().keyType());
        assertIssuedByPebble(live);
    }

    @Test
    void aChangedNameListTriggersAReissue() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("blog { domains = [blog.sidecert.test] }");
        sidecert.check().expect(0);
        int before = sidecert.live("blog").version();

        sidecert.certificates("blog { domains = [blog.sidecert.test, news.sidecert.test] }");
        List<RenewalEvent> events = sidecert.checkWithEvents();

        RenewalEvent.Renewed renewed = only(events, RenewalEvent.Renewed.class);
        assertTrue(renewed.reason().contains("names changed"), renewed.reason());
        assertEquals(Set.of("blog.sidecert.test", "news.sidecert.test"),
                Set.copyOf(sidecert.live("blog").facts().domains()));
        assertEquals(before + 1, sidecert.live("blog").version());
    }

    @Test
    void anOpenAriWindowTriggersARenewalThatReplacesTheOldCertificate() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("ari { domains = [ari.sidecert.test] }");
        sidecert.check().expect(0);
        X509Certificate old = sidecert.live("ari").material().leaf();

        Instant now = Instant.now();
        PEBBLE.ca().setRenewalInfo(old, now.minus(Duration.ofHours(2)), now.minus(Duration.ofMinutes(1)));
        List<RenewalEvent> events = sidecert.checkWithEvents();

        RenewalEvent.Renewed renewed = only(events, RenewalEvent.Renewed.class);
        assertTrue(renewed.reason().startsWith("due: the CA suggests renewing from "), renewed.reason());
        assertTrue(renewed.reason().contains("(ARI)"), renewed.reason());
        assertTrue(renewed.replaced().isPresent(), "the order carried `replaces` and Pebble accepted it");
        assertNotEquals(old.getSerialNumber(), sidecert.live("ari").facts().serial());
    }

    @Test
    void revokeRevokesAndReplacesWithANewKey() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("old { domains = [old.sidecert.test] }");
        sidecert.check().expect(0);
        StoredCertificate before = sidecert.live("old");

        Sidecert.Run run = sidecert.run("revoke", "old", "--reason", "superseded").expect(0);

        assertTrue(run.out().contains("revoked serial " + before.facts().serial().toString(16)), run.out());
        StoredCertificate after = sidecert.live("old");
        assertEquals(before.version() + 1, after.version());
        assertNotEquals(before.material().keyPair().getPublic(), after.material().keyPair().getPublic());
        Sidecert.Run again = sidecert.run("revoke", "old", "--reason", "superseded", "--no-replace").expect(0);
        assertTrue(again.out().contains("revoked serial " + after.facts().serial().toString(16)), again.out());

        RenewalEvent.Renewed replaced = only(sidecert.checkWithEvents(), RenewalEvent.Renewed.class);
        assertTrue(replaced.reason().contains("revoked"), "the next check replaces a revoked certificate: " + replaced);
    }

    @Test
    void listShowsEachCertificateWithItsExpiryAndLastResult() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca())
                .certificates("shown { domains = [shown.sidecert.test] }", "pending { domains = [pending.sidecert.test] }");
        sidecert.run("renew", "shown").expect(0);

        Sidecert.Run list = sidecert.run("list").expect(0);

        String shownRow = list.out().lines().filter(l -> l.startsWith("shown ")).findFirst().orElseThrow();
        assertTrue(shownRow.contains("shown.sidecert.test") && shownRow.contains("renewed"), shownRow);
        assertTrue(shownRow.matches(".* (89|90) .*"), "days left of a 90-day certificate: " + shownRow);
        String pendingRow = list.out().lines().filter(l -> l.startsWith("pending ")).findFirst().orElseThrow();
        assertTrue(pendingRow.contains(" - "), "no certificate yet: " + pendingRow);
    }

    @Test
    void existingCertbotLineagesAreAdoptedLeftAloneWhileFreshAndRenewedWhenDue() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Instant now = Instant.now();
        CertbotLineage.create(certs, "fresh", List.of(
                certificate("fresh.sidecert.test", now.minus(Duration.ofDays(60)), now.plus(Duration.ofDays(30))),
                certificate("fresh.sidecert.test", now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(60)))));
        CertbotLineage.create(certs, "due", List.of(
                certificate("due.sidecert.test", now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))));
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca())
                .certificates("fresh { domains = [fresh.sidecert.test] }", "due { domains = [due.sidecert.test] }");

        List<RenewalEvent> events = sidecert.checkWithEvents();

        assertEquals("fresh", only(events, RenewalEvent.NotDue.class).certificate());
        assertEquals(2, sidecert.live("fresh").version(), "read as certbot's version 2, not reissued");
        RenewalEvent.Renewed renewed = only(events, RenewalEvent.Renewed.class);
        assertEquals("due", renewed.certificate());
        assertEquals(2, renewed.version(), "the version after certbot's cert1.pem");
        assertIssuedByPebble(sidecert.live("due"));
        assertTrue(Files.exists(certs.resolve("archive/due/cert1.pem")), "certbot's files are kept");
    }

    private static io.sidecert.store.CertificateMaterial certificate(String name, Instant notBefore, Instant notAfter) {
        return TestCertificates.issue(List.of(name), KeyType.EC_P256, notBefore, notAfter);
    }

    private static void assertIssuedByPebble(StoredCertificate stored) throws Exception {
        List<X509Certificate> chain = stored.material().chain();
        X509Certificate last = chain.get(chain.size() - 1);
        boolean verified = false;
        for (X509Certificate root : PEBBLE.ca().issuingRoots()) {
            try {
                last.verify(root.getPublicKey());
                verified = true;
            } catch (java.security.GeneralSecurityException notThisOne) {
                // try the next root
            }
        }
        assertTrue(verified, "the chain ends at one of Pebble's roots");
    }

    static <T extends RenewalEvent> T only(List<RenewalEvent> events, Class<T> type) {
        List<T> matching = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, matching.size(), () -> "one " + type.getSimpleName() + " in " + events);
        return matching.get(0);
    }
}
