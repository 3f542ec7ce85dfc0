package io.sidecert.observe.health;

import static java.util.Objects.requireNonNull;

import io.sidecert.deploy.ReloadHealth;
import io.sidecert.deploy.ReloadStatus;
import java.time.Instant;
import java.util.List;

/**
 * Proxy reloads in /health: Docker unreachable, a target missing, a failed config test or a stale certificate
 * make sidecert degraded. Renewals still work then, so it is never "down".
 */
public final class ReloadHealthContributor implements HealthContributor {
    private final ReloadHealth reloads;

    public ReloadHealthContributor(ReloadHealth reloads) {
        this.reloads = requireNonNull(reloads, "reloads");
    }

    @Override
    public List<HealthFinding> findings(Instant now) {
        ReloadStatus status = reloads.current();
        if (status.healthy()) {
            return List.of();
        }
        if (status.problems().isEmpty()) {
            return List.of(HealthFinding.degraded("proxy reloads: " + status.state()));
        }
        return status.problems().stream().map(p -> HealthFinding.degraded("proxy reloads: " + p)).toList();
    }
}
