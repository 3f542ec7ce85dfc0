package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.renew.CheckOutcome.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One pass over every configured certificate, at most {@code parallelism} orders at a time. One
 * certificate's failure, even a bug, never stops the others.
 */
public final class RenewalService {
    private final CertificateRenewer renewer;
    private final SharedStoreWatcher sharedStore;
    private final RenewalListener events;
    private final Clock clock;
    private final int parallelism;

    public RenewalService(CertificateRenewer renewer, SharedStoreWatcher sharedStore, RenewalListener events,
            Clock clock, int parallelism) {
        this.renewer = requireNonNull(renewer, "renewer");
        this.sharedStore = requireNonNull(sharedStore, "sharedStore");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
        this.parallelism = parallelism;
    }

    public List<CheckOutcome> checkAll(List<CertificateSpec> certificates) throws InterruptedException {
        Instant start = clock.instant();
        List<CheckOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, certificates.size())),
                new NamedThreads("renew"));
        try {
            List<Future<CheckOutcome>> futures = new ArrayList<>();
            for (CertificateSpec spec : certificates) {
                futures.add(pool.submit(() -> renewer.check(spec, CertificateRenewer.Trigger.SCHEDULED)));
            }
            for (int i = 0; i < futures.size(); i++) {
                outcomes.add(outcomeOf(certificates.get(i), futures.get(i)));
            }
        } finally {
            pool.shutdownNow();
            // On shutdown, let interrupted orders reach their cleanup (challenge files, state) before the JVM exits.
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        sharedStore.afterCheck(certificates);
        long renewed = outcomes.stream().filter(o -> o.result() == Result.RENEWED).count();
        long failed = outcomes.stream().filter(CheckOutcome::failed).count();
        events.on(new RenewalEvent.CheckCompleted((int) renewed, (int) failed, outcomes.size(),
                Duration.between(start, clock.instant())));
        return outcomes;
    }

    /** A single certificate, e.g. for {@code sidecert renew NAME}. */
    public CheckOutcome check(CertificateSpec spec, CertificateRenewer.Trigger trigger) throws InterruptedException {
        return renewer.check(spec, trigger);
    }

    /** Revokes a certificate and, if asked, replaces it; see {@link CertificateRenewer#revoke}. */
    public CheckOutcome revoke(CertificateSpec spec, org.shredzone.acme4j.RevocationReason reason, boolean replace)
            throws InterruptedException {
        return renewer.revoke(spec, reason, replace);
    }

    private CheckOutcome outcomeOf(CertificateSpec spec, Future<CheckOutcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            String message = "[" + spec.name() + "] internal error: " + e.getCause()
                    + " (please report this; other certificates are unaffected)";
            events.on(new RenewalEvent.Failed(spec.name(), "internal", message, 0, java.util.Optional.empty()));
            return new CheckOutcome(spec.name(), Result.FAILED, message);
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
