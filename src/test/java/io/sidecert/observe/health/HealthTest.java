package io.sidecert.observe.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.observe.CheckActivity;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:30:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<CertificateStatus> certificates = new ArrayList<>();
    private final Health health = new Health(CLOCK).add(new CertificateHealth(() -> certificates, Duration.ofDays(7)));

    @Test
    void okWithFreshCertificatesAndOneFailureThatIsBeingRetried() {
        certificates.add(status("shop", 60, 0));
        certificates.add(status("api", 60, 1));

        HealthReport report = health.report();

        assertEquals(HealthStatus.OK, report.status());
        assertEquals(List.of(), report.reasons());
    }

    @Test
    void degradedOnAFailureStreak() {
        certificates.add(status("shop", 60, CertificateHealth.FAILURE_STREAK));

        HealthReport report = health.report();

        assertEquals(HealthStatus.DEGRADED, report.status());
        assertEquals(List.of("[shop] renewal failed 3 times in a row: [shop] order: rejected"), report.reasons());
    }

    @Test
    void degradedWhenExpiringExpiredOrOverdue() {
        certificates.add(status("soon", 5, 0));
        certificates.add(status("gone", -1, 0));
        certificates.add(status("late", 20, 0));   // renewal point 30 days before expiry: 10 days overdue

        HealthReport report = health.report();

        assertEquals(HealthStatus.DEGRADED, report.status());
        assertEquals(3, report.reasons().size(), report.reasons().toString());
        assertTrue(report.reasons().get(0).startsWith("[soon] expires at"), report.reasons().get(0));
        assertTrue(report.reasons().get(1).startsWith("[gone] expired at"), report.reasons().get(1));
        assertTrue(report.reasons().get(2).startsWith("[late] renewal overdue"), report.reasons().get(2));
    }

    @Test
    void aContributorSeamAddsItsOwnFindingsSuchAsDockerUnreachable() {
        certificates.add(status("shop", 60, 0));
        health.add(now -> List.of(HealthFinding.degraded("Docker is unreachable at /var/run/docker.sock")));

        HealthReport report = health.report();

        assertEquals(HealthStatus.DEGRADED, report.status());
        assertEquals(List.of("Docker is unreachable at /var/run/docker.sock"), report.reasons());
    }

    @Test
    void aContributorThatThrowsDegradesInsteadOfBreakingTheEndpoint() {
        health.add(now -> {
            throw new IllegalStateException("boom");
        });

        assertEquals(HealthStatus.DEGRADED, health.report().status());
    }

    @Test
    void downWhenChecksStopComingAndTheWorstStatusWins() {
        TestClock clock = new TestClock(NOW);
        CheckActivity checks = new CheckActivity("0 17 * * * ?", clock);
        Health daemon = new Health(clock).add(checks).add(now -> List.of(HealthFinding.degraded("something")));

        assertEquals(HealthStatus.DEGRADED, daemon.report().status(), "first check still running");
        clock.set(NOW.plus(Duration.ofMinutes(61)));
        assertEquals(HealthStatus.DOWN, daemon.report().status(), "no check finished within an hour of start-up");

        checks.on(new RenewalEvent.CheckCompleted(0, 0, 1, Duration.ofSeconds(2)));   // at 11:31
        assertEquals(HealthStatus.DEGRADED, daemon.report().status());
        assertEquals(Instant.parse("2026-11-24T12:17:00Z"), checks.nextCheck());
        clock.set(Instant.parse("2026-11-24T13:16:00Z"));
        assertEquals(HealthStatus.DEGRADED, daemon.report().status(), "the 12:17 check may take up to an hour");
        clock.set(Instant.parse("2026-11-24T13:18:00Z"));
        HealthReport stuck = daemon.report();
        assertEquals(HealthStatus.DOWN, stuck.status());
        assertTrue(stuck.reasons().get(0).contains("the scheduler seems stuck"), stuck.reasons().toString());
    }

    private static CertificateStatus status(String name, int daysLeft, int failures) {
        Instant notAfter = NOW.plus(Duration.ofDays(daysLeft));
        Instant notBefore = notAfter.minus(Duration.ofDays(90));
        return new CertificateStatus(name, List.of(name + ".example"), Optional.of("R11"), Optional.of(notAfter),
                Optional.of(NOW), Optional.of(failures > 0 ? "failed" : "renewed"),
                failures > 0 ? Optional.of("[" + name + "] order: rejected\nmore detail") : Optional.empty(),
                Optional.of(notBefore), Optional.of(notAfter.minus(Duration.ofDays(30))), Optional.of(notBefore),
                Optional.of(notBefore), failures);
    }
}
