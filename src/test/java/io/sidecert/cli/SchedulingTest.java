package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.store.CertificateState;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.AcmeFrontProxy;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each certificate renewed by its own trigger, against a real Pebble: when the CA comes back, when its
 * Retry-After ends, when its ARI window opens, when the certificate list changes; and a no-op check that writes
 * nothing. The daemon's hourly safety pass is moved to New Year, so only the start-up pass and the triggers run.
 */
@Tag("container")
class SchedulingTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    final List<RenewalEvent> events = new CopyOnWriteArrayList<>();

    @Test
    void aCaDownAtStartIsRetriedWhenTheBackOffEndsNotAtTheNextPass() throws Exception {
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir)) {
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front).safetyPassAtNewYear()
                    .certificates("late { domains = [late.sidecert.test] }");
            try (Daemon daemon = sidecert.daemon(events)) {
                RenewalEvent.Failed failed = await(RenewalEvent.Failed.class, e -> true, Duration.ofSeconds(60));
                assertTrue(sidecert.live("late").isPlaceholder(), "the proxy has the placeholder meanwhile");
                Instant caUp = Instant.now();
                front.start();

                await(RenewalEvent.Renewed.class, r -> r.certificate().equals("late"), Duration.ofSeconds(120));

                Duration afterCaUp = Duration.between(caUp, Instant.now());
                System.out.println("[SchedulingTest] CA reachable again -> certificate stored: " + afterCaUp.toMillis()
                        + " ms (back-off ended at " + failed.nextAttempt().orElseThrow() + ")");
                assertTrue(afterCaUp.compareTo(Duration.ofSeconds(80)) < 0, "within the back-off: " + afterCaUp);
                assertFalse(Instant.now().isBefore(failed.nextAttempt().orElseThrow()), "not before the back-off");
                assertEquals(1, count(RenewalEvent.CheckCompleted.class), "no pass but the start-up one: " + events);
                assertFalse(sidecert.live("late").isPlaceholder());
            }
        }
    }

    @Test
    void theNextAttemptFiresWhenTheCasRetryAfterEnds() throws Exception {
        Duration retryAfter = Duration.ofSeconds(75);
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            front.rateLimitNextNewOrder(retryAfter);
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front).safetyPassAtNewYear()
                    .certificates("limited { domains = [limited.sidecert.test] }");
            try (Daemon daemon = sidecert.daemon(events)) {
                await(RenewalEvent.Failed.class, e -> true, Duration.ofSeconds(60));
                Instant refused = front.orders().get(0).at();

                await(RenewalEvent.Renewed.class, r -> r.certificate().equals("limited"), Duration.ofSeconds(150));

                Instant retried = front.orders().get(1).at();
                Duration waited = Duration.between(refused, retried);
                System.out.println("[SchedulingTest] Retry-After " + retryAfter.toSeconds() + " s -> next order after "
                        + waited.toMillis() + " ms");
                assertEquals(List.of(429, 201), front.orders().stream().map(AcmeFrontProxy.Order::status).toList());
                assertTrue(waited.compareTo(retryAfter.minusSeconds(1)) >= 0, "not before Retry-After: " + waited);
                assertTrue(waited.compareTo(retryAfter.plusSeconds(15)) < 0, "at Retry-After: " + waited);
                assertEquals(1, count(RenewalEvent.CheckCompleted.class), "no pass but the start-up one: " + events);
            }
        }
    }

    @Test
    void aRetryAfterOfYearsIsHeldToADay() throws Exception {
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            front.rateLimitNextNewOrder(Duration.ofSeconds(99_999_999));
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front)
                    .certificates("patient { domains = [patient.sidecert.test] }");

            Instant failed = Instant.now();
            sidecert.check().expect(1);

            CertificateState state = new JsonStateStore(dir.resolve("state")).load("patient");
            Instant waitUntil = state.caRetryAfter().orElseThrow();
            assertTrue(waitUntil.isAfter(failed.plus(Duration.ofHours(23))), "the CA's wait honoured: " + waitUntil);
            assertFalse(waitUntil.isAfter(Instant.now().plus(Duration.ofHours(24))), "but a day at most: " + waitUntil);
        }
    }

    /**
     * The case: a 503 with {@code Retry-After: 120} was retried after the 1-minute back-off. A Retry-After
     * shorter than that back-off could not tell the two apart, so the test reads the planned attempt instead of
     * waiting two minutes for it; the daemon acts on a stored wait as the 429 test above shows.
     */
    @Test
    void aMaintenance503IsNotRetriedBeforeItsRetryAfter() throws Exception {
        Duration retryAfter = Duration.ofSeconds(120);
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            front.unavailableForNextNewOrder(retryAfter);
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front)
                    .certificates("maintained { domains = [maintained.sidecert.test] }");

            Sidecert.Run run = sidecert.check().expect(1);

            Instant refused = front.orders().get(0).at();
            CertificateState state = new JsonStateStore(dir.resolve("state")).load("maintained");
            Instant waitUntil = state.caRetryAfter().orElseThrow(() -> new AssertionError("no wait kept: " + state));
            Instant next = state.nextAttempt().orElseThrow();
            System.out.println("[SchedulingTest] 503 Retry-After 120 s -> next attempt "
                    + Duration.between(refused, next).toSeconds() + " s later");
            assertEquals(List.of(503), front.orders().stream().map(AcmeFrontProxy.Order::status).toList());
            assertFalse(waitUntil.isBefore(refused.plus(retryAfter).minusSeconds(2)), "the CA's wait: " + waitUntil);
            assertTrue(waitUntil.isBefore(refused.plus(retryAfter).plusSeconds(10)), "not longer: " + waitUntil);
            assertFalse(next.isBefore(waitUntil), "next attempt " + next + " before the Retry-After " + waitUntil);
            assertTrue(run.out().contains("the CA asked to retry after"), run.out() + run.err());
        }
    }

    @Test
    void anAriWindowIsActedOnWhenItOpensByTheCertificatesOwnTrigger() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).safetyPassAtNewYear()
                .certificates("ari { domains = [ari.sidecert.test] }");
        sidecert.check().expect(0);
        StoredCertificate first = sidecert.live("ari");
        Instant opens = Instant.now().plusSeconds(25);
        PEBBLE.ca().setRenewalInfo(first.material().leaf(), opens, opens.plusSeconds(5));

        try (Daemon daemon = sidecert.daemon(events)) {
            RenewalEvent.Renewed renewed = await(RenewalEvent.Renewed.class, r -> r.certificate().equals("ari"),
                    Duration.ofSeconds(90));

            Instant at = Instant.now();
            System.out.println("[SchedulingTest] ARI window opened " + opens + ", renewed at " + at);
            assertFalse(at.isBefore(opens.minusSeconds(1)), "not before the window: " + at);
            assertTrue(at.isBefore(opens.plusSeconds(15)), "in the window: " + at);
            assertTrue(renewed.replaced().isPresent(), "the order replaces its predecessor (ARI)");
            assertTrue(renewed.reason().contains("ARI"), renewed.reason());
            assertEquals(1, count(RenewalEvent.CheckCompleted.class), "no pass but the start-up one: " + events);
        }
    }

    @Test
    void anEditedListPlansTheNewCertificateAtOnceAndDropsTheRemovedOnesTrigger() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).safetyPassAtNewYear()
                .certificates("first { domains = [first.sidecert.test] }");
        try (Daemon daemon = sidecert.daemon(events)) {
            await(RenewalEvent.Renewed.class, r -> r.certificate().equals("first"), Duration.ofSeconds(60));
            awaitPlanned(daemon, "first", true);

            sidecert.certificates("second { domains = [second.sidecert.test] }");

            await(RenewalEvent.Renewed.class, r -> r.certificate().equals("second"), Duration.ofSeconds(30));
            awaitPlanned(daemon, "first", false);
            awaitPlanned(daemon, "second", true);
        }
    }

    @Test
    void aCheckWithNothingToDoChangesNoFileUnderTheStateDirectory() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("quiet { domains = [quiet.sidecert.test] }",
                "calm { domains = [calm.sidecert.test] }");
        sidecert.check().expect(0);   // issues
        sidecert.check().expect(0);   // asks the CA for the new certificates' renewal windows
        Map<Path, FileTime> before = modificationTimes(dir.resolve("state"));
        Thread.sleep(20);   // a rewrite would show in the times

        Sidecert.Run idle = sidecert.check().expect(0);

        assertEquals(before, modificationTimes(dir.resolve("state")), "nothing written");
        assertTrue(idle.out().contains("not_due"), idle.out());
    }

    private void awaitPlanned(Daemon daemon, String name, boolean planned) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (daemon.planned(name).isPresent() != planned) {
            assertTrue(Instant.now().isBefore(deadline), name + " planned: " + daemon.planned(name));
            Thread.sleep(100);
        }
    }

    private <T extends RenewalEvent> T await(Class<T> type, Predicate<T> matching, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = events.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + ": " + events);
    }

    private long count(Class<? extends RenewalEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    static Map<Path, FileTime> modificationTimes(Path root) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }
}
