package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.ReloadCommand;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.ReloadTarget;
import io.sidecert.deploy.ReloadStatus.State;
import io.sidecert.deploy.ServedCertificates.Verdict;
import io.sidecert.deploy.TargetSelection.Selected;
import io.sidecert.deploy.TargetSelection.Unmatched;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells proxies about renewed certificates: given what a check stored (or found stored by another node), reloads
 * each target once, however many of its certificates changed; then checks over TLS that it serves the new ones.
 * A target is a container on this Docker node, or a command sidecert runs itself for a proxy outside Docker
 * ({@code reload.commands}); a configuration with only commands never talks to Docker.
 *
 * <p>Per target: the config test runs first (nginx: {@code nginx -t}); when it fails, the proxy is not reloaded
 * and the reload is tried again at the next check. Renewed certificates are remembered until every target has
 * loaded them, also across restarts ({@link PendingReloads}).
 *
 * <p>The renewal cycle calls {@link #reload} after storing, on its own thread: {@code sidecert check} returns once
 * the proxies are told, and the daemon coalesces the reloads of certificates stored close together
 * ({@link CoalescingReloads}). Nothing escapes: Docker unreachable, a target
 * missing or failing are {@link RenewalEvent.ReloadFailed} events and a {@link ReloadStatus}; a problem that
 * persists while nothing waits to be reloaded is reported once, not at every check.
 */
public final class ProxyReloader implements Proxies, ReloadHealth {
    static final String DOCKER = "docker";
    private static final Logger LOG = LoggerFactory.getLogger(ProxyReloader.class);

    private final ReloadSettings settings;
    /** The container sidecert runs in, for the built-in target, which means only its own project's proxies. */
    private final Optional<String> ownContainer;
    private final Optional<ContainerEngine> engine;
    private final RenewalListener events;
    private final Clock clock;
    private final PendingReloads pending;
    private final CommandReload commandReload;
    private final ServedCertificates served;
    /** The last known problem of each target, by name; kept until it is looked at again. */
    private Map<String, String> problems = Map.of();
    private volatile ReloadStatus status;

    /**
     * @param engine         Docker, for {@code reload.targets}; empty when only commands are configured
     * @param stateDirectory where pending reloads are remembered across restarts ({@code storage.state})
     * @param certificates   the store's directory, named to commands in their environment
     * @param events         receives the reload events; may be the same dispatcher this listens to
     */
    public ProxyReloader(ReloadSettings settings, Optional<ContainerEngine> engine, Path stateDirectory,
            Path certificates, RenewalListener events, Clock clock) {
        this(settings, engine, stateDirectory, certificates, events, clock,
                duration -> Thread.sleep(duration.toMillis()));
    }

    ProxyReloader(ReloadSettings settings, Optional<ContainerEngine> engine, Path stateDirectory, Path certificates,
            RenewalListener events, Clock clock, ServedCertificates.Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings");
        this.engine = requireNonNull(engine, "engine");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
        this.pending = new PendingReloads(stateDirectory);
        this.commandReload = new CommandReload(certificates);
        this.served = new ServedCertificates(new TlsProbe(), clock, sleeper, settings.verifyTimeout());
        this.ownContainer = settings.ownProjectOnly() ? OwnContainer.id() : Optional.empty();
        this.status = new ReloadStatus(State.NOT_CHECKED, List.of(), pending.certificates(), Optional.empty());
    }

    /**
     * Remembers the changes (also on disk, so a restart still reloads), then reloads every target that has
     * certificates to load, including those that failed to take earlier ones.
     */
    @Override
    public synchronized void reload(List<CertificateChange> changes) {
        remember(changes);
        reloadPending();
    }

    /**
     * Notes changes to load, without reloading yet; they survive a restart. Not synchronized on the reloader:
     * a renewal must not wait for a reload in progress ({@link PendingReloads} guards itself).
     */
    void remember(List<CertificateChange> changes) {
        changes.forEach(pending::add);
    }

    /** Reloads every target that has renewed certificates to load. */
    synchronized void reloadPending() {
        try {
            pass();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("stopped while reloading proxies; what was not reloaded is tried again after the restart");
        } catch (RuntimeException e) {
            LOG.error("reloading proxies failed unexpectedly: {} (please report this; renewals are unaffected, the "
                    + "reload is tried again at the next check)", e, e);
        }
    }

    @Override
    public ReloadStatus current() {
        return status;
    }

    /** What one pass found and did, gathered as it goes. */
    private static final class Pass {
        final Map<String, CertificateChange> delivering;
        final boolean work;
        final Map<String, String> found = new TreeMap<>();
        final Map<String, List<CertificateChange>> failed = new TreeMap<>();
        final Set<String> settled = new TreeSet<>();
        Optional<String> dockerUnreachable = Optional.empty();

        Pass(Map<String, CertificateChange> delivering, boolean work) {
            this.delivering = delivering;
            this.work = work;
        }
    }

    private void pass() throws InterruptedException {
        pending.refresh();
        Pass pass = new Pass(pending.forEveryTarget(), !pending.isEmpty());
        if (status.state() == State.NOT_CHECKED && !settings.commands().isEmpty()) {
            LOG.info("commands run after renewals: {}",
                    settings.commands().stream().map(ReloadCommand::describe).toList());
        }
        for (ReloadCommand command : settings.commands()) {
            runIfNeeded(command, pass);
        }
        // A command removed from the configuration has nothing left to load.
        pending.waitingTargets().stream().filter(ReloadCommand::isCommandTarget).forEach(pass.settled::add);
        if (engine.isPresent()) {
            containers(engine.get(), pass);
        }
        // While Docker cannot be reached, what this pass delivered stays pending for every target, since the
        // containers still need it: commands then see those changes again at the next pass (a second reload is
        // harmless), rather than containers never seeing them.
        pending.settle(pass.failed, pass.settled, pass.dockerUnreachable.isEmpty() ? pass.delivering : Map.of());
        finish(pass);
    }

    private void finish(Pass pass) {
        List<String> lines = new ArrayList<>();
        pass.dockerUnreachable.ifPresent(lines::add);
        pass.found.forEach((target, problem) -> lines.add(target + ": " + problem));
        State state = pass.dockerUnreachable.isPresent() ? State.DOCKER_UNREACHABLE
                : pass.found.isEmpty() ? State.OK : State.DEGRADED;
        if (pass.dockerUnreachable.isPresent()) {
            // Containers were not looked at: keep what was known of them, for telling news from repeats later.
            Map<String, String> kept = new TreeMap<>(problems);
            kept.keySet().removeIf(ReloadCommand::isCommandTarget);
            kept.putAll(pass.found);
            problems = kept;
        } else {
            problems = pass.found;
        }
        status = new ReloadStatus(state, lines, pending.certificates(), Optional.of(clock.instant()));
    }

    private void containers(ContainerEngine docker, Pass pass) throws InterruptedException {
        List<ProxyContainer> containers;
        try {
            containers = docker.containers();
        } catch (DockerUnreachable e) {
            unreachable(docker, e.getMessage(), pass);
            return;
        }
        if (status.state() == State.DOCKER_UNREACHABLE) {
            LOG.info("Docker at {} answers again", docker.address());
        }
        TargetSelection.Result selection = TargetSelection.select(settings.targets(), containers, ownContainer);
        if (status.state() == State.NOT_CHECKED && !selection.selected().isEmpty()) {
            LOG.info("proxies told after renewals: {}", selection.selected().stream()
                    .map(s -> s.container().name() + " (" + s.target().selector().describe() + ")").toList());
        }
        for (Unmatched unmatched : selection.unmatched()) {
            report(unmatched.target().selector().describe(), unmatched.reason(), pass);
        }
        ContainerReload reload = new ContainerReload(docker);
        for (Selected selected : selection.selected()) {
            reloadIfNeeded(reload, selected, pass);
        }
        containers.forEach(c -> pass.settled.add(c.name()));
    }

    private void unreachable(ContainerEngine docker, String message, Pass pass) {
        boolean news = status.state() != State.DOCKER_UNREACHABLE || !status.problems().contains(message);
        if (pass.work || news) {
            String retry = pass.work ? "; the reload is tried again at the next check" : "";
            events.on(new RenewalEvent.ReloadFailed(DOCKER, message + retry, List.copyOf(pending.certificates())));
        }
        pass.dockerUnreachable = Optional.of(message);
    }

    /** Raises a target's problem when something waits for it, or when it is new; records it either way. */
    private void report(String target, String reason, Pass pass) {
        pass.found.put(target, reason);
        if (pass.work || !reason.equals(problems.get(target))) {
            List<String> waiting = pass.work ? List.copyOf(pending.certificates()) : List.of();
            events.on(new RenewalEvent.ReloadFailed(target, reason, waiting));
        }
    }

    private void runIfNeeded(ReloadCommand command, Pass pass) throws InterruptedException {
        String name = command.describe();
        pass.settled.add(name);
        List<CertificateChange> changes = pending.changesFor(name, pass.delivering);
        if (changes.isEmpty()) {
            Optional.ofNullable(problems.get(name)).ifPresent(problem -> pass.found.put(name, problem));
            return;
        }
        try {
            String how = commandReload.reload(command, changes);
            events.on(new RenewalEvent.Reloaded(name, names(changes), how));
        } catch (TargetFailure e) {
            failed(name, e.getMessage(), changes, pass);
            return;
        }
        if (settings.verify() && command.verify().isPresent()) {
            ReloadCommand.Verify where = command.verify().get();
            verify(name, List.of(where.host()), where.port(), changes, pass);
        }
    }

    private void reloadIfNeeded(ContainerReload reload, Selected selected, Pass pass) throws InterruptedException {
        String name = selected.container().name();
        List<CertificateChange> changes = pending.changesFor(name, pass.delivering);
        if (changes.isEmpty()) {
            Optional.ofNullable(problems.get(name)).ifPresent(problem -> pass.found.put(name, problem));
            return;
        }
        try {
            String how = reload.reload(selected.container(), selected.target());
            events.on(new RenewalEvent.Reloaded(name, names(changes), how));
        } catch (TargetFailure | DockerUnreachable e) {
            failed(name, e.getMessage(), changes, pass);
            return;
        }
        if (settings.verify()) {
            ReloadTarget target = selected.target();
            List<String> hosts = target.verifyHost().map(List::of).orElse(selected.container().addresses());
            verify(name, hosts, target.verifyPort(), changes, pass);
        }
    }

    private void failed(String name, String reason, List<CertificateChange> changes, Pass pass) {
        pass.failed.put(name, changes);
        pass.found.put(name, reason);
        events.on(new RenewalEvent.ReloadFailed(name, reason, names(changes)));
    }

    private void verify(String name, List<String> hosts, int port, List<CertificateChange> changes, Pass pass)
            throws InterruptedException {
        for (Verdict verdict : served.verify(hosts, port, changes)) {
            String certificate = verdict.change().certificate();
            events.on(new RenewalEvent.ServedCertificate(name, certificate, verdict.ok(), verdict.detail()));
            if (!verdict.ok()) {
                pass.found.merge(name, "[" + certificate + "] " + verdict.detail(), (a, b) -> a + "; " + b);
            }
        }
    }

    private static List<String> names(List<CertificateChange> changes) {
        return changes.stream().map(CertificateChange::certificate).toList();
    }
}
