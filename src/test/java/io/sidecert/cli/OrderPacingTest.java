package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.testing.AcmeFrontProxy;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order budget against a real Pebble: 40 first issuances with {@code order-budget = "10/30s"} are spread over
 * four windows, never more than 10 new orders reaching the CA in any 30 s, and a certificate that comes due
 * meanwhile is renewed before the waiting first issuances.
 */
@Tag("container")
class OrderPacingTest {
    private static final int CERTIFICATES = 40;

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    java.nio.file.Path dir;

    @Test
    void fortyFirstIssuancesArePacedAndARenewalDueMeanwhileGoesFirst() throws Exception {
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front).safetyPassAtNewYear()
                    .acme("order-budget = \"10/30s\"").certificates(certificates(List.of()));
            Instant started = Instant.now();
            try (Daemon daemon = sidecert.daemon(events)) {
                awaitRenewals(events, 10, Duration.ofSeconds(60));
                // c01 comes due: a name is added. It replaces its predecessor (ARI), so it does not wait.
                Thread.sleep(3_000);
                sidecert.certificates(certificates(List.of("c01 { domains = [c01.sidecert.test, www.c01.sidecert.test] }")));

                awaitRenewals(events, CERTIFICATES + 1, Duration.ofMinutes(5));
            }
            Duration took = Duration.between(started, Instant.now());
            // Orders the CA created (a badNonce answer, 5 % of requests, is retried and creates none), and not the
            // ARI replacements, which Let's Encrypt does not count.
            List<Instant> counted = front.orders().stream().filter(o -> o.status() == 201 && !o.replaces())
                    .map(AcmeFrontProxy.Order::at).toList();
            int busiest = busiestWindow(counted);
            System.out.println("[OrderPacingTest] " + CERTIFICATES + " first issuances with 10/30s took "
                    + took.toSeconds() + " s; busiest 30 s at the CA: " + busiest + " new orders");
            assertEquals(CERTIFICATES, counted.size(), "one new order per certificate: " + front.orders());
            assertTrue(busiest <= 10, "never more than 10 new orders in 30 s: " + counted);
            // Four windows of 30 s plus the 5 s safety margin each, and the orders themselves.
            assertTrue(took.compareTo(Duration.ofSeconds(200)) < 0, "all issued within about four windows: " + took);
            List<String> renewedOrder = events.stream().filter(RenewalEvent.Renewed.class::isInstance)
                    .map(RenewalEvent::certificate).toList();
            int renewal = renewedOrder.lastIndexOf("c01");
            assertTrue(renewal > renewedOrder.indexOf("c01"), "c01 renewed a second time: " + renewedOrder);
            assertTrue(renewal < CERTIFICATES - 10, "the renewal went before the waiting first issuances: "
                    + renewedOrder);
            assertTrue(events.stream().anyMatch(RenewalEvent.WaitingForBudget.class::isInstance), "some waited");
            assertEquals(0, events.stream().filter(RenewalEvent.Failed.class::isInstance).count(),
                    "waiting is not failing: " + events);
        }
    }

    private static String[] certificates(List<String> replacing) {
        List<String> entries = new ArrayList<>(replacing);
        IntStream.rangeClosed(1, CERTIFICATES).mapToObj(i -> String.format("c%02d", i))
                .filter(name -> replacing.stream().noneMatch(r -> r.startsWith(name + " ")))
                .forEach(name -> entries.add(name + " { domains = [" + name + ".sidecert.test] }"));
        return entries.toArray(String[]::new);
    }

    private static void awaitRenewals(List<RenewalEvent> events, int count, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (events.stream().filter(RenewalEvent.Renewed.class::isInstance).count() < count) {
            assertTrue(Instant.now().isBefore(deadline), "fewer than " + count + " renewals within " + timeout);
            Thread.sleep(200);
        }
    }

    /** The most orders in any 30-second window starting at an order. */
    private static int busiestWindow(List<Instant> orders) {
        int busiest = 0;
        for (Instant start : orders) {
            Instant end = start.plusSeconds(30);
            busiest = Math.max(busiest, (int) orders.stream().filter(t -> !t.isBefore(start) && t.isBefore(end))
                    .count());
        }
        return busiest;
    }
}
