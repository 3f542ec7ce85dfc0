package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells proxies about renewed certificates: given what a check stored (or found stored by another node), reloads
 * each target container once, however many of its certificates changed; then checks over TLS that it serves the
 * new ones.
 *
 * <p>Per container: the config test runs first (nginx: {@code nginx -t}); when it fails, the container is not
 * signalled and the reload is tried again at the next check. Renewed certificates are remembered until every
 * container found has loaded them, also across restarts ({@link PendingReloads}).
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
    private final ContainerEngine engine;
    private final RenewalListener events;
    private final Clock clock;
    private final PendingReloads pending;
    private final ContainerReload reload;
    private final ServedCertificates served;
    /** The last known problem of each container or unmatched target, by name; kept until it is looked at again. */
    private Map<String, String> problems = Map.of();
    private volatile ReloadStatus status;

    /**
     * @param stateDirectory where pending reloads are remembered across restarts ({@code storage.state})
     * @param events         receives the reload events; may be the same dispatcher this listens to
     */
    public ProxyReloader(ReloadSettings settings, ContainerEngine engine, Path stateDirectory, RenewalListener events,
            Clock clock) {
        this(settings, engine, stateDirectory, events, clock, duration -> Thread.sleep(duration.toMillis()));
    }

    ProxyReloader(ReloadSettings settings, ContainerEngine engine, Path stateDirectory, RenewalListener events,
            Clock clock, ServedCertificates.Sleeper sleeper) {
        this.settings = requireNonNull(settings, "settings");
        this.engine = requireNonNull(engine, "engine");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
        this.pending = new PendingReloads(stateDirectory);
        this.reload = new ContainerReload(engine);
        this.served = new ServedCertificates(new TlsProbe(), clock, sleeper, settings.verifyTimeout());
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

    private void pass() throws InterruptedException {
        pending.refresh();
        Map<String, CertificateChange> delivering = pending.forEveryTarget();
        boolean work = !pending.isEmpty();
        List<ProxyContainer> containers;
        try {
            containers = engine.containers();
        } catch (DockerUnreachable e) {
            unreachable(e.getMessage(), work);
            return;
        }
        if (status.state() == State.DOCKER_UNREACHABLE) {
            LOG.info("Docker at {} answers again", engine.address());
        }
        Map<String, String> found = new TreeMap<>();
        TargetSelection.Result selection = TargetSelection.select(settings.targets(), containers);
        if (status.state() == State.NOT_CHECKED && !selection.selected().isEmpty()) {
            LOG.info("proxies told after renewals: {}", selection.selected().stream()
                    .map(s -> s.container().name() + " (" + s.target().selector().describe() + ")").toList());
        }
        for (Unmatched unmatched : selection.unmatched()) {
            report(unmatched.target().selector().describe(), unmatched.reason(), work, found);
        }
        Map<String, List<CertificateChange>> failed = new TreeMap<>();
        for (Selected selected : selection.selected()) {
            reloadIfNeeded(selected, delivering, failed, found);
        }
        pending.settle(failed, containers.stream().map(ProxyContainer::name)
                .collect(java.util.stream.Collectors.toSet()), delivering);
        problems = found;
        State state = found.isEmpty() ? State.OK : State.DEGRADED;
        status = new ReloadStatus(state, found.entrySet().stream().map(p -> p.getKey() + ": " + p.getValue()).toList(),
                pending.certificates(), Optional.of(clock.instant()));
    }

    private void unreachable(String message, boolean work) {
        boolean news = status.state() != State.DOCKER_UNREACHABLE || !status.problems().equals(List.of(message));
        if (work || news) {
            String retry = work ? "; the reload is tried again at the next check" : "";
            events.on(new RenewalEvent.ReloadFailed(DOCKER, message + retry, List.copyOf(pending.certificates())));
        }
        status = new ReloadStatus(State.DOCKER_UNREACHABLE, List.of(message), pending.certificates(),
                Optional.of(clock.instant()));
    }

    /** Raises a target's problem when something waits for it, or when it is new; records it either way. */
    private void report(String target, String reason, boolean work, Map<String, String> found) {
        found.put(target, reason);
        if (work || !reason.equals(problems.get(target))) {
            List<String> waiting = work ? List.copyOf(pending.certificates()) : List.of();
            events.on(new RenewalEvent.ReloadFailed(target, reason, waiting));
        }
    }

    private void reloadIfNeeded(Selected selected, Map<String, CertificateChange> delivering,
            Map<String, List<CertificateChange>> failed, Map<String, String> found) throws InterruptedException {
        String name = selected.container().name();
        List<CertificateChange> changes = pending.changesFor(name, delivering);
        if (changes.isEmpty()) {
            Optional.ofNullable(problems.get(name)).ifPresent(problem -> found.put(name, problem));
            return;
        }
        List<String> certificates = changes.stream().map(CertificateChange::certificate).toList();
        try {
            String how = reload.reload(selected.container(), selected.target());
            events.on(new RenewalEvent.Reloaded(name, certificates, how));
        } catch (TargetFailure | DockerUnreachable e) {
            failed.put(name, changes);
            found.put(name, e.getMessage());
            events.on(new RenewalEvent.ReloadFailed(name, e.getMessage(), certificates));
            return;
        }
        if (settings.verify()) {
            verify(selected, changes, found);
        }
    }

    private void verify(Selected selected, List<CertificateChange> changes, Map<String, String> found)
            throws InterruptedException {
        String name = selected.container().name();
        ReloadTarget target = selected.target();
        List<String> hosts = target.verifyHost().map(List::of).orElse(selected.container().addresses());
        for (Verdict verdict : served.verify(hosts, target.verifyPort(), changes)) {
            String certificate = verdict.change().certificate();
            events.on(new RenewalEvent.ServedCertificate(name, certificate, verdict.ok(), verdict.detail()));
            if (!verdict.ok()) {
                found.merge(name, "[" + certificate + "] " + verdict.detail(), (a, b) -> a + "; " + b);
            }
        }
    }
}
