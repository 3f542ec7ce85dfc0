package io.sidecert.observe.health;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * sidecert's health, from all its {@link HealthContributor}s: {@code ok} when none finds anything, else the worst
 * finding's status with every reason. The configuration being loaded is implied: without a valid configuration
 * the daemon never starts, so nothing answers.
 */
public final class Health {
    private final Clock clock;
    private final List<HealthContributor> contributors = new CopyOnWriteArrayList<>();

    public Health(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    public Health add(HealthContributor contributor) {
        contributors.add(requireNonNull(contributor, "contributor"));
        return this;
    }

    public HealthReport report() {
        Instant now = clock.instant();
        HealthStatus status = HealthStatus.OK;
        List<String> reasons = new ArrayList<>();
        for (HealthContributor contributor : contributors) {
            for (HealthFinding finding : findings(contributor, now)) {
                status = status.worse(finding.status());
                reasons.add(finding.reason());
            }
        }
        return new HealthReport(status, reasons, now);
    }

    private static List<HealthFinding> findings(HealthContributor contributor, Instant now) {
        try {
            return contributor.findings(now);
        } catch (RuntimeException e) {
            return List.of(HealthFinding.degraded("health check " + contributor.getClass().getSimpleName()
                    + " failed: " + e));
        }
    }
}
