package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A CA issuing 30-second certificates: renewal comes due by the lifetime rule alone, and happens. */
@Tag("container")
class ShortLivedRenewalTest {
    private static final Duration LIFETIME = Duration.ofSeconds(30);

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(
            PebbleOptions.defaults().withCertificateValidity(LIFETIME));

    @TempDir
    Path dir;

    @Test
    void aShortLivedCertificateComesDueAtHalfItsLifetimeAndIsRenewed() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("brief { domains = [brief.sidecert.test] }");
        sidecert.check().expect(0);
        StoredCertificate first = sidecert.live("brief");
        assertTrue(first.facts().lifetime().compareTo(Duration.ofMinutes(2)) < 0,
                "Pebble issued a short-lived certificate: " + first.facts().lifetime());

        List<RenewalEvent> early = sidecert.checkWithEvents();
        HttpIssuanceTest.only(early, RenewalEvent.NotDue.class);

        // Below 10 days of lifetime, renew-before is half of it: wait until that point has passed.
        Instant due = first.facts().notAfter().minus(first.facts().lifetime().dividedBy(2));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), due).toMillis()) + 1_000);
        List<RenewalEvent> later = sidecert.checkWithEvents();

        RenewalEvent.Renewed renewed = HttpIssuanceTest.only(later, RenewalEvent.Renewed.class);
        // Due while still valid: by the lifetime rule, or by Pebble's ARI window when that opens first; both say
        // how much is left ("0 minutes left"), and neither may wait for expiry.
        assertTrue(renewed.reason().contains(" left"), renewed.reason());
        assertEquals(first.version() + 1, sidecert.live("brief").version());
    }
}
