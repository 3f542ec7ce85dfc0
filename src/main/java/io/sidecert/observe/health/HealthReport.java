package io.sidecert.observe.health;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/** The answer of {@code /health}: the worst status found, and every reason for it. */
public record HealthReport(HealthStatus status, List<String> reasons, Instant at) {
    public HealthReport {
        requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
        requireNonNull(at, "at");
    }
}
