package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.event.RenewalEvent;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A good client never fails on badNonce: 20 issuances with one in five nonces rejected. */
@Tag("container")
class NonceRejectionTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(
            PebbleOptions.defaults().withNonceRejectPercent(20));

    @TempDir
    Path dir;

    @Test
    void twentyIssuancesWithTwentyPercentBadNoncesAllSucceed() throws Exception {
        String[] certificates = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> "site" + i + " { domains = [site" + i + ".sidecert.test] }")
                .toArray(String[]::new);
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates(certificates);

        Instant start = Instant.now();
        List<RenewalEvent> events = sidecert.checkWithEvents();
        Duration took = Duration.between(start, Instant.now());

        RenewalEvent.CheckCompleted done = HttpIssuanceTest.only(events, RenewalEvent.CheckCompleted.class);
        System.out.printf("20 issuances against Pebble (20 %% bad nonces, real HTTP-01, parallelism 4): %d ms%n",
                took.toMillis());
        assertEquals(0, done.failed(), () -> "failures: " + events.stream()
                .filter(RenewalEvent.Failed.class::isInstance).toList());
        assertEquals(20, done.renewed());
    }
}
