package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.store.CertificateState;
import io.sidecert.store.JsonStateStore;
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

/** A certificate whose validation fails: the others still renew, it backs off, and a config fix ends the wait. */
@Tag("container")
class FailureHandlingTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    @Test
    void aFailingCertificateBacksOffWithoutStoppingTheOthersAndAConfigFixEndsTheBackOff() throws Exception {
        // The CA resolves this name to an address where nothing answers HTTP: validation fails for real.
        PEBBLE.ca().site().addA("unreachable.sidecert.test", "127.0.0.1");
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates(
                "good { domains = [good.sidecert.test] }",
                "bad { domains = [bad.sidecert.test, unreachable.sidecert.test] }");

        List<RenewalEvent> first = sidecert.checkWithEvents();

        assertEquals("good", HttpIssuanceTest.only(first, RenewalEvent.Renewed.class).certificate());
        RenewalEvent.Failed failed = HttpIssuanceTest.only(first, RenewalEvent.Failed.class);
        assertEquals("bad", failed.certificate());
        assertTrue(failed.message().startsWith("[bad] validate: unreachable.sidecert.test: "), failed.message());
        CertificateState state = new JsonStateStore(dir.resolve("state")).load("bad");
        assertEquals(1, state.consecutiveFailures());
        Duration backOff = Duration.between(state.lastAttempt().orElseThrow(), state.nextAttempt().orElseThrow());
        assertTrue(backOff.compareTo(Duration.ofMinutes(1)) >= 0 && backOff.compareTo(Duration.ofMinutes(2)) < 0,
                "first back-off about a minute: " + backOff);

        List<RenewalEvent> second = sidecert.checkWithEvents();
        RenewalEvent.Deferred deferred = HttpIssuanceTest.only(second, RenewalEvent.Deferred.class);
        assertTrue(deferred.nextAttempt().isAfter(Instant.now()), "held back until " + deferred.nextAttempt());
        assertEquals("good", HttpIssuanceTest.only(second, RenewalEvent.NotDue.class).certificate());
        Sidecert.Run check = sidecert.check().expect(1);
        assertTrue(check.out().contains("--force` tries now"), check.out());

        sidecert.certificates("good { domains = [good.sidecert.test] }", "bad { domains = [bad.sidecert.test] }");
        List<RenewalEvent> fixed = sidecert.checkWithEvents();

        assertEquals("bad", HttpIssuanceTest.only(fixed, RenewalEvent.Renewed.class).certificate());
        assertEquals(0, new JsonStateStore(dir.resolve("state")).load("bad").consecutiveFailures());
    }
}
