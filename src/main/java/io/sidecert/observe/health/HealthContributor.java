package io.sidecert.observe.health;

import java.time.Instant;
import java.util.List;

/**
 * One part of sidecert's health: the checks running, the certificates, and whatever is added later (such as
 * whether the Docker engine that reload targets need is reachable). Returns nothing when all is well.
 *
 * <pre>{@code
 * wiring.health.add(now -> docker.ping()
 *         ? List.of()
 *         : List.of(HealthFinding.degraded("Docker is unreachable at " + socket + ": proxies cannot be reloaded")));
 * }</pre>
 * Called on every {@code /health} request (the image asks every 30 s): must be quick, and should not throw
 * (a contributor that throws is reported as degraded).
 */
@FunctionalInterface
public interface HealthContributor {
    List<HealthFinding> findings(Instant now);
}
