package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How telling proxies stands, for a health endpoint: can Docker be reached, and is every target found and
 * serving what it should.
 *
 * @param problems            one line each, saying what to fix; empty when all is well
 * @param pendingCertificates renewed certificates some proxy has not loaded yet (retried at the next check)
 * @param checkedAt           when the last check reached (or failed to reach) Docker
 */
public record ReloadStatus(State state, List<String> problems, Set<String> pendingCertificates,
        Optional<Instant> checkedAt) {

    public enum State {
        /** {@code reload.targets} is empty: no proxy is told anything. */
        OFF,
        /** No check has looked at Docker yet. */
        NOT_CHECKED,
        /** Docker answered, every target was found, and the last reloads and checks went well. */
        OK,
        /** Docker answered, but a target is missing or stopped, failed its config test, or serves a stale certificate. */
        DEGRADED,
        /** Docker cannot be reached: the socket is missing or denied, or nothing listens. */
        DOCKER_UNREACHABLE
    }

    public ReloadStatus {
        requireNonNull(state, "state");
        problems = List.copyOf(problems);
        pendingCertificates = Set.copyOf(pendingCertificates);
        requireNonNull(checkedAt, "checkedAt");
    }

    public static ReloadStatus off() {
        return new ReloadStatus(State.OFF, List.of(), Set.of(), Optional.empty());
    }

    /** False only when something needs fixing; "off" and "not checked yet" are healthy. */
    public boolean healthy() {
        return state != State.DEGRADED && state != State.DOCKER_UNREACHABLE;
    }

    /** Whether the last check reached Docker; empty when none has tried. */
    public Optional<Boolean> dockerReachable() {
        return switch (state) {
            case OK, DEGRADED -> Optional.of(true);
            case DOCKER_UNREACHABLE -> Optional.of(false);
            case OFF, NOT_CHECKED -> Optional.empty();
        };
    }
}
