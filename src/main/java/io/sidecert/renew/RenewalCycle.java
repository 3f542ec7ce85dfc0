package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.deploy.CertificateChange;
import io.sidecert.deploy.Proxies;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.renew.CheckOutcome.Result;
import io.sidecert.store.LiveVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.shredzone.acme4j.RevocationReason;

/**
 * The renewal cycle, one sequence for the daemon's jobs and passes and for {@code check}, {@code renew} and
 * {@code revoke}: decide, issue, verify and store (per certificate, {@link CertificateRenewer}); then tell the
 * proxies what changed, this process's versions and those another node stored; then report. Events only inform
 * observers (logs, metrics, alerts, status); nothing the product needs happens in a listener.
 */
public final class RenewalCycle {
    private final CertificateRenewer renewer;
    private final SharedStoreWatcher sharedStore;
    private final UnconfiguredCertificates unconfigured;
    private final Proxies proxies;
    private final RenewalListener events;
    private final Clock clock;
    private final int parallelism;

    public RenewalCycle(CertificateRenewer renewer, SharedStoreWatcher sharedStore,
            UnconfiguredCertificates unconfigured, Proxies proxies, RenewalListener events, Clock clock,
            int parallelism) {
        this.renewer = requireNonNull(renewer, "renewer");
        this.sharedStore = requireNonNull(sharedStore, "sharedStore");
        this.unconfigured = requireNonNull(unconfigured, "unconfigured");
        this.proxies = requireNonNull(proxies, "proxies");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
        this.parallelism = parallelism;
    }

    /**
     * One pass over every configured certificate, at most {@code parallelism} orders at a time; one certificate's
     * failure, even a bug, never stops the others. The proxies are told once, at the end, and also retry what
     * earlier reloads could not deliver. Before the checks, new entries take over the certificates of removed
     * entries with the same names (a rename), so those are not ordered again.
     */
    public List<CheckOutcome> checkAll(List<CertificateSpec> certificates) throws InterruptedException {
        Instant start = clock.instant();
        List<CertificateChange> changes = new ArrayList<>();
        for (LiveVersion moved : unconfigured.settle(certificates)) {
            sharedStore.stored(moved);
            changes.add(change(moved));
        }
        List<CheckOutcome> outcomes = checkEach(certificates);
        changes.addAll(changes(outcomes, certificates));
        // Called even when nothing changed: that retries reloads that failed before.
        proxies.reload(changes);
        events.on(summary(outcomes, Duration.between(start, clock.instant())));
        return outcomes;
    }

    /** One certificate: its own trigger in the daemon, or {@code sidecert renew NAME}. */
    public CheckOutcome check(CertificateSpec spec, CertificateRenewer.Trigger trigger) throws InterruptedException {
        return reloadingChanges(spec, renewer.check(spec, trigger));
    }

    /** Revokes a certificate and, if asked, replaces it; see {@link CertificateRenewer#revoke}. */
    public CheckOutcome revoke(CertificateSpec spec, RevocationReason reason, boolean replace)
            throws InterruptedException {
        return reloadingChanges(spec, renewer.revoke(spec, reason, replace));
    }

    /**
     * Tells the proxies of the versions another node stored, which this node's files took meanwhile (a cluster
     * node's catch-up): the certificates' own checks run on whichever node, so they would not.
     */
    public void reloadStoredElsewhere(List<CertificateSpec> certificates) {
        List<CertificateChange> changes = changes(List.of(), certificates);
        if (!changes.isEmpty()) {
            proxies.reload(changes);
        }
    }

    private CheckOutcome reloadingChanges(CertificateSpec spec, CheckOutcome outcome) {
        List<CertificateChange> changes = changes(List.of(outcome), List.of(spec));
        if (!changes.isEmpty()) {
            proxies.reload(changes);
        }
        return outcome;
    }

    private List<CheckOutcome> checkEach(List<CertificateSpec> certificates) throws InterruptedException {
        if (certificates.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, certificates.size())),
                new NamedThreads("renew"));
        try {
            List<Future<CheckOutcome>> futures = new ArrayList<>();
            for (CertificateSpec spec : certificates) {
                futures.add(pool.submit(() -> renewer.check(spec, CertificateRenewer.Trigger.SCHEDULED)));
            }
            List<CheckOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(outcomeOf(certificates.get(i), futures.get(i)));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
            // On shutdown, let interrupted orders reach their cleanup (challenge files, state) before the JVM exits.
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** What the proxies must load: this process's new versions and those another node stored meanwhile. */
    private List<CertificateChange> changes(List<CheckOutcome> outcomes, List<CertificateSpec> checked) {
        List<CertificateChange> changes = new ArrayList<>();
        for (CheckOutcome outcome : outcomes) {
            outcome.stored().ifPresent(version -> changes.add(change(version)));
        }
        for (LiveVersion elsewhere : sharedStore.storedElsewhere(checked)) {
            events.on(new RenewalEvent.StoredElsewhere(elsewhere.name(), elsewhere.facts().domains(),
                    elsewhere.facts().serial(), elsewhere.version()));
            changes.add(change(elsewhere));
        }
        return changes;
    }

    private static CertificateChange change(LiveVersion version) {
        return new CertificateChange(version.name(), version.facts().domains(), version.facts().serial());
    }

    private static RenewalEvent.CheckCompleted summary(List<CheckOutcome> outcomes, Duration took) {
        int renewed = count(outcomes, Result.RENEWED);
        int failed = count(outcomes, Result.FAILED);
        Optional<String> next = outcomes.stream().filter(o -> o.next().isPresent())
                .min(Comparator.comparing(o -> o.next().get().at()))
                .map(o -> o.certificate() + " " + o.next().get().describe());
        return new RenewalEvent.CheckCompleted(renewed, failed, outcomes.size(), took, next);
    }

    private static int count(List<CheckOutcome> outcomes, Result result) {
        return (int) outcomes.stream().filter(o -> o.result() == result).count();
    }

    private CheckOutcome outcomeOf(CertificateSpec spec, Future<CheckOutcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            String message = "[" + spec.name() + "] internal error: " + e.getCause()
                    + " (please report this; other certificates are unaffected)";
            events.on(new RenewalEvent.Failed(spec.name(), "internal", message, 0, Optional.empty()));
            return CheckOutcome.unplanned(spec.name(), Result.FAILED, message);
        }
    }

    /** Named daemon threads, so a thread dump shows which pool is which. */
    static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        NamedThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
