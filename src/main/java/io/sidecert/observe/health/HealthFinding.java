package io.sidecert.observe.health;

import static java.util.Objects.requireNonNull;

/** One thing wrong, and how bad it is; the reason is a sentence for a person, naming the certificate if any. */
public record HealthFinding(HealthStatus status, String reason) {
    public HealthFinding {
        requireNonNull(status, "status");
        requireNonNull(reason, "reason");
        if (status == HealthStatus.OK) {
            throw new IllegalArgumentException("a finding is something wrong; report none when all is well");
        }
    }

    public static HealthFinding degraded(String reason) {
        return new HealthFinding(HealthStatus.DEGRADED, reason);
    }

    public static HealthFinding down(String reason) {
        return new HealthFinding(HealthStatus.DOWN, reason);
    }
}
