package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.event.RenewalEvent;
import io.sidecert.store.Pem;
import io.sidecert.store.Placeholders;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as `sidecert run` starts it: placeholders, a pass at start-up through Quartz, then a clean stop. */
@Tag("container")
class DaemonTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    @Test
    void writesPlaceholdersThenChecksAtStartUpAndStopsCleanly() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("boot { domains = [boot.sidecert.test] }");
        SidecertConfig config = new ConfigLoader(Map.of()).load(dir.resolve("sidecert.conf"));
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();

        Wiring wiring = Wiring.of(config, Clock.systemUTC());
        wiring.events.subscribe(events::add);
        Daemon daemon = Daemon.start(dir.resolve("sidecert.conf"), new ConfigLoader(Map.of()), config, wiring);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (events.stream().noneMatch(RenewalEvent.CheckCompleted.class::isInstance) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        Instant stopping = Instant.now();
        daemon.close();

        assertTrue(Duration.between(stopping, Instant.now()).toSeconds() < 10, "stopped within 10 s");
        assertEquals(1, events.stream().filter(RenewalEvent.Renewed.class::isInstance).count(), events.toString());
        assertTrue(Files.exists(dir.resolve("certs/live/boot/fullchain.pem")));
        assertTrue(Placeholders.isPlaceholder(Pem.readCertificates(dir.resolve("certs/archive/boot/1/cert.pem")).get(0)),
                "version 1 is the placeholder written at start-up, before the first check");
        StoredCertificate live = sidecert.live("boot");
        assertEquals(2, live.version(), "the issued certificate replaced the placeholder");
        assertFalse(live.isPlaceholder());
        RenewalEvent.Renewed renewed = HttpIssuanceTest.only(events, RenewalEvent.Renewed.class);
        assertEquals("due: no certificate yet", renewed.reason(), "a placeholder counts as no certificate");
        assertEquals(java.util.Optional.empty(), renewed.replaced(), "nothing for the CA to replace");
        String minute = Files.readString(dir.resolve("state/schedule-minute")).trim();
        assertTrue(Integer.parseInt(minute) >= 1 && Integer.parseInt(minute) <= 59, minute);
    }

    /** Issue 10, item 17: a save killed after the CA answered leaves a hidden directory; start-up removes it. */
    @Test
    void removesWhatAKilledSaveLeftAtStartUp() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("boot { domains = [boot.sidecert.test] }");
        // A lineage no save will touch again (no longer configured), so only the start-up can clean it.
        Path unfinished = Files.createDirectories(dir.resolve("certs/archive/gone/.tmp-2-4242"));
        Files.writeString(unfinished.resolve("privkey.pem"), "half a key");
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();

        try (Daemon daemon = sidecert.daemon(events)) {
            assertFalse(Files.exists(unfinished), "removed before the first pass");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (events.stream().noneMatch(RenewalEvent.CheckCompleted.class::isInstance)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        }
        assertTrue(Files.isDirectory(dir.resolve("certs/archive/gone")), "the lineage itself is not touched");
    }

    @Test
    void anEditedCertificateListIsPickedUpWithoutARestartAndABrokenEditIsRefused() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("first { domains = [first.sidecert.test] }");
        SidecertConfig config = new ConfigLoader(Map.of()).load(dir.resolve("sidecert.conf"));
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();
        Wiring wiring = Wiring.of(config, Clock.systemUTC());
        wiring.events.subscribe(events::add);

        try (Daemon daemon = Daemon.start(dir.resolve("sidecert.conf"), new ConfigLoader(Map.of()), config, wiring)) {
            awaitRenewal(events, "first");

            Files.writeString(dir.resolve("domains.conf"), "certificates {\n  broken { domains = [not a name] }\n}\n");
            String refusal = awaitRefusal(wiring, true);
            assertTrue(refusal.contains("certificates.broken.domains"), refusal);

            sidecert.certificates("first { domains = [first.sidecert.test] }", "second { domains = [second.sidecert.test] }");
            awaitRenewal(events, "second");
            awaitRefusal(wiring, false);
        }

        assertTrue(events.stream().noneMatch(e -> e.certificate().equals("broken")), "the broken edit was refused");
    }

    /** Waits until /health does (or no longer does) report a refused configuration; returns that reason. */
    private static String awaitRefusal(Wiring wiring, boolean refused) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            List<String> reasons = wiring.health.report().reasons();
            java.util.Optional<String> refusal = reasons.stream().filter(r -> r.contains("was refused")).findFirst();
            if (refusal.isPresent() == refused) {
                return refusal.orElse("");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health " + (refused ? "never reported" : "still reports") + " a refused"
                + " configuration: " + wiring.health.report().reasons());
    }

    private static void awaitRenewal(List<RenewalEvent> events, String name) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (events.stream().anyMatch(e -> e instanceof RenewalEvent.Renewed r && r.certificate().equals(name))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no renewal of " + name + " within 60 s: " + events);
    }
}
