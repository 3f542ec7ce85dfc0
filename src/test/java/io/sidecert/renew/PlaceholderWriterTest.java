package io.sidecert.renew;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.KeyType;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.CombinedPem;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholderWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path certs;
    @TempDir
    Path state;

    private final CertificateSpec shop = spec("shop", "shop.example", "www.shop.example");
    private final CertificateSpec api = spec("api", "api.example");

    @Test
    void writesAPlaceholderForEachCertificateWithNothingLive() throws Exception {
        List<String> written = writer().writeMissing(List.of(shop, api));

        assertEquals(List.of("shop", "api"), written);
        StoredCertificate live = store().current("shop").orElseThrow();
        assertTrue(live.isPlaceholder());
        assertEquals(shop.domains(), live.facts().domains());
        assertTrue(Files.exists(certs.resolve("live/shop/fullchain.pem")), "the path nginx is configured with");
        assertTrue(Files.exists(certs.resolve("live/shop/privkey.pem")));
    }

    @Test
    void neverWritesOverARealCertificate() throws Exception {
        CertificateMaterial real = TestCertificates.issue("shop.example", "www.shop.example");
        store().save("shop", real);

        List<String> written = writer().writeMissing(List.of(shop));

        assertEquals(List.of(), written);
        StoredCertificate live = store().current("shop").orElseThrow();
        assertFalse(live.isPlaceholder());
        assertEquals(real.leaf(), live.material().leaf());
        assertEquals(1, live.version());
    }

    @Test
    void aPlaceholderAlreadyThereIsKeptAsItIs() throws Exception {
        writer().writeMissing(List.of(shop));
        StoredCertificate first = store().current("shop").orElseThrow();

        assertEquals(List.of(), writer().writeMissing(List.of(shop)), "second start-up");

        StoredCertificate again = store().current("shop").orElseThrow();
        assertEquals(first.version(), again.version());
        assertEquals(first.material().leaf(), again.material().leaf());
    }

    @Test
    void leavesACertificateAloneWhileAnotherInstanceHoldsItsLock() throws Exception {
        CertificateLocks otherInstance = new CertificateLocks(state);
        try (CertificateLocks.Held held = otherInstance.tryLock("shop").orElseThrow()) {
            assertFalse(writer().writeIfMissing(shop));
        }
        assertTrue(store().current("shop").isEmpty());
    }

    @Test
    void anUnreadableLiveCertificateIsNotReplacedByAPlaceholder() throws Exception {
        Files.createDirectories(certs.resolve("live/shop"));
        Files.writeString(certs.resolve("live/shop/fullchain.pem"), "not a certificate");
        Files.writeString(certs.resolve("live/shop/privkey.pem"), "not a key");

        assertFalse(writer().writeIfMissing(shop));
        assertEquals("not a certificate", Files.readString(certs.resolve("live/shop/fullchain.pem")));
    }

    @Test
    void theStatusReportShowsAPlaceholderAsNoCertificateYet() throws Exception {
        writer().writeMissing(List.of(shop));

        CertificateStatus status = new StatusReport(store(), new JsonStateStore(state), new RenewalPolicy(),
                new RetryPolicy(new java.util.Random(0)), OrderBudget.unlimited(), CLOCK).of(List.of(shop)).get(0);

        assertEquals(Optional.empty(), status.issuer());
        assertEquals(Optional.empty(), status.notAfter());
        assertEquals(Optional.of(CLOCK.instant()), status.nextRenewal(), "due now");
        assertEquals(Optional.of(new NextAction(NextAction.Kind.RENEW, CLOCK.instant())), status.nextAction());
    }

    @Test
    void turningCombinedPemOnCompletesTheLiveVersionAtStartWithTheSameCertificate() throws Exception {
        CertificateMaterial real = TestCertificates.issue("shop.example", "www.shop.example");
        store().save("shop", real);
        CertbotLayoutStore combined = new CertbotLayoutStore(certs, FileModes.defaults(), FileOwnership.unchanged(),
                CombinedPem.WRITE);

        new PlaceholderWriter(combined, new CertificateLocks(state), CLOCK).writeMissing(List.of(shop));

        assertTrue(Files.exists(certs.resolve("live/shop/combined.pem")), "HAProxy's file, without waiting for a renewal");
        StoredCertificate live = combined.current("shop").orElseThrow();
        assertEquals(real.leaf(), live.material().leaf(), "the same certificate, not a new one");
        assertEquals(2, live.version());
        new PlaceholderWriter(combined, new CertificateLocks(state), CLOCK).writeMissing(List.of(shop));
        assertEquals(2, combined.current("shop").orElseThrow().version(), "complete now: not written again");
    }

    private PlaceholderWriter writer() {
        return new PlaceholderWriter(store(), new CertificateLocks(state), CLOCK);
    }

    private CertbotLayoutStore store() {
        return new CertbotLayoutStore(certs, FileModes.defaults(), FileOwnership.unchanged());
    }

    private static CertificateSpec spec(String name, String... domains) {
        return new CertificateSpec(name, List.of(domains), KeyType.EC_P256, false, ChallengeType.HTTP_01,
                URI.create("https://ca.example/dir"), Optional.empty(), Optional.empty());
    }
}
