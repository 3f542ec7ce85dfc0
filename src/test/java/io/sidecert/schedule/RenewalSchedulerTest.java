package io.sidecert.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.KeyType;
import io.sidecert.deploy.Proxies;
import io.sidecert.event.RenewalEvent;
import io.sidecert.renew.AriTracker;
import io.sidecert.renew.CertificateLocks;
import io.sidecert.renew.CertificateRenewer;
import io.sidecert.renew.OrderBudget;
import io.sidecert.renew.RenewalCycle;
import io.sidecert.renew.RenewalPolicy;
import io.sidecert.renew.RetryPolicy;
import io.sidecert.renew.LineageMoves;
import io.sidecert.renew.SharedStoreWatcher;
import io.sidecert.renew.UnconfiguredCertificates;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.JsonStateStore;
import io.sidecert.testing.FakeCertificateAuthority;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Quartz adapter with the real cycle over a fake CA: each certificate is renewed by its own trigger when it is
 * due, with no pass in between, and a pass over a changed list plans new certificates and drops removed ones.
 */
class RenewalSchedulerTest {
    /** A cron that does not fire during the test: only the start-up pass and explicit passes run. */
    private static final String YEARLY = "0 0 0 1 1 ?";

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();
    final List<RenewalEvent> events = new CopyOnWriteArrayList<>();
    volatile List<CertificateSpec> certificates = List.of();
    FakeCertificateAuthority ca;
    RenewalCycle cycle;

    @BeforeEach
    void wire() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        // Six-second certificates: by the lifetime rule each is due after three.
        ca = new FakeCertificateAuthority(clock, Duration.ofSeconds(6));
        var store = new CertbotLayoutStore(dir.resolve("certs"), FileModes.defaults(), FileOwnership.unchanged());
        var random = new SecureRandom();
        var watcher = new SharedStoreWatcher(store);
        var states = new JsonStateStore(dir.resolve("state"));
        var renewer = new CertificateRenewer(store, states,
                new CertificateLocks(dir.resolve("state")), ca, new AriTracker(ca, random), new RenewalPolicy(),
                new RetryPolicy(random), OrderBudget.unlimited(), watcher, events::add, clock);
        cycle = new RenewalCycle(renewer, watcher, new UnconfiguredCertificates(store, new LineageMoves(store, states,
                new CertificateLocks(dir.resolve("state")), events::add), events::add), Proxies.none(), events::add,
                clock, 2);
    }

    @Test
    void aCertificateIsRenewedByItsOwnTriggerWhenDueWithoutAnotherPass() throws Exception {
        certificates = List.of(spec("brief"));
        try (RenewalScheduler scheduler = RenewalScheduler.start(YEARLY, cycle, () -> certificates, Duration.ZERO, 2,
                clock)) {
            await(() -> ca.orders.size() >= 2, Duration.ofSeconds(15));
        }

        assertEquals(List.of("brief", "brief"), ca.orders, "first issuance by the pass, renewal by its trigger");
        assertEquals(1, events.stream().filter(RenewalEvent.CheckCompleted.class::isInstance).count(),
                "one pass only: the start-up one");
    }

    @Test
    void aPassPlansAddedCertificatesAndRemovesTheTriggersOfRemovedOnes() throws Exception {
        certificates = List.of(spec("old"));
        try (RenewalScheduler scheduler = RenewalScheduler.start(YEARLY, cycle, () -> certificates, Duration.ZERO, 2,
                clock)) {
            await(() -> ca.orders.contains("old"), Duration.ofSeconds(10));
            await(() -> planned(scheduler, "old").isPresent(), Duration.ofSeconds(10));

            certificates = List.of(spec("new"));
            scheduler.passNow();
            await(() -> ca.orders.contains("new"), Duration.ofSeconds(10));
            await(() -> planned(scheduler, "old").isEmpty() && planned(scheduler, "new").isPresent(),
                    Duration.ofSeconds(10));
        }
    }

    private static Optional<Instant> planned(RenewalScheduler scheduler, String name) {
        try {
            return scheduler.planned(name);
        } catch (org.quartz.SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    private void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "not within " + timeout + ": orders " + ca.orders
                    + ", events " + events);
            Thread.sleep(50);
        }
    }

    private static CertificateSpec spec(String name) {
        return new CertificateSpec(name, List.of(name + ".example"), KeyType.EC_P256, false, ChallengeType.HTTP_01,
                URI.create("https://ca.example/dir"), Optional.empty(), Optional.empty());
    }
}
