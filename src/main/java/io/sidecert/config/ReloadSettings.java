package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Telling proxies about renewed certificates: where Docker is, which containers to reload, which commands to run
 * for proxies outside Docker, and how long to wait for them to serve the new certificate.
 *
 * @param targets       empty when no container is to be told (the proxy watches its files, or there is no Docker)
 * @param verify        whether to check, after a reload, that each target serves the new certificate
 * @param verifyTimeout how long that check keeps trying before it reports the certificate as stale
 * @param commands      run by sidecert itself, once per pass; empty when there are none
 */
public record ReloadSettings(DockerSettings docker, List<ReloadTarget> targets, boolean verify,
        Duration verifyTimeout, List<ReloadCommand> commands) {

    public ReloadSettings {
        requireNonNull(docker, "docker");
        targets = List.copyOf(targets);
        requireNonNull(verifyTimeout, "verifyTimeout");
        commands = List.copyOf(commands);
    }

    /** No proxy is told anything. */
    public static ReloadSettings none() {
        return new ReloadSettings(DockerSettings.local(), List.of(), false, Duration.ZERO, List.of());
    }

    /**
     * These settings for a sidecert that runs outside any container: the built-in target, which means its own
     * project's proxies, has none to mean, so it is dropped (and with it the need for Docker).
     */
    public ReloadSettings outsideContainers() {
        return new ReloadSettings(docker, targets.stream()
                .filter(t -> !(t.selector() instanceof ReloadTarget.InOwnProject)).toList(), verify, verifyTimeout,
                commands);
    }

    /** Whether the built-in target is in force: containers labelled for reloads in sidecert's own project. */
    public boolean ownProjectOnly() {
        return targets.stream().anyMatch(t -> t.selector() instanceof ReloadTarget.InOwnProject);
    }

    /** Whether any proxy is told at all: a container target or a command. */
    public boolean anyone() {
        return !targets.isEmpty() || !commands.isEmpty();
    }
}
