package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.AcmeIssuer;
import io.sidecert.acme.IssuedCertificate;
import io.sidecert.challenge.ChallengeSolvers;
import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.renew.CheckOutcome.Result;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one certificate: under its lock, decides afresh whether it is due, and if so obtains, verifies
 * and stores a new version, recording the outcome in its state. Every failure ends here as an event and
 * a back-off, never as an exception into the scheduler.
 */
public final class CertificateRenewer {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewer.class);

    private final CertificateStore store;
    private final StateStore states;
    private final CertificateLocks locks;
    private final AcmeIssuer issuer;
    private final ChallengeSolvers solvers;
    private final AriTracker ari;
    private final RenewalPolicy policy;
    private final RetryPolicy retry;
    private final RenewalListener events;
    private final Clock clock;

    public CertificateRenewer(CertificateStore store, StateStore states, CertificateLocks locks, AcmeIssuer issuer,
            ChallengeSolvers solvers, AriTracker ari, RenewalPolicy policy, RetryPolicy retry,
            RenewalListener events, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.locks = requireNonNull(locks, "locks");
        this.issuer = requireNonNull(issuer, "issuer");
        this.solvers = requireNonNull(solvers, "solvers");
        this.ari = requireNonNull(ari, "ari");
        this.policy = requireNonNull(policy, "policy");
        this.retry = requireNonNull(retry, "retry");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Why a check runs; anything but the schedule is an operator's explicit request. */
    public enum Trigger {
        /** The hourly check: renew only when due and not held back by a back-off. */
        SCHEDULED,
        /** {@code renew --force}: renew now, ignoring the decision and the back-off. */
        FORCED,
        /** After a revocation: renew now with a new key, whatever reuse-key says. */
        REPLACE_REVOKED
    }

    public CheckOutcome check(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        Optional<CertificateLocks.Held> lock;
        try {
            lock = locks.tryLock(spec.name());
        } catch (IOException e) {
            return failed(spec, "lock", "cannot take the lock in the state directory: " + e.getMessage()
                    + " (check that storage.state is writable)");
        }
        if (lock.isEmpty()) {
            return new CheckOutcome(spec.name(), Result.BUSY, "another check of this certificate is running");
        }
        try (CertificateLocks.Held held = lock.get()) {
            return checkLocked(spec, trigger);
        }
    }

    private CheckOutcome checkLocked(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        boolean force = trigger != Trigger.SCHEDULED;
        Instant now = clock.instant();
        CertificateState state = loadState(spec.name());
        Optional<StoredCertificate> current = readCurrent(spec);
        Optional<CertificateFacts> facts = current.map(StoredCertificate::facts);
        state = ari.refresh(spec, current, state, now);
        RenewalDecision decision = policy.decide(spec, facts, state.chosenRenewalTime(), now);
        decision.warning().ifPresent(w -> events.on(new RenewalEvent.Warning(spec.name(), w)));
        if (!decision.due() && !force) {
            saveState(state);
            events.on(new RenewalEvent.NotDue(spec.name(), facts.orElseThrow().notAfter(), decision.renewAt()));
            return new CheckOutcome(spec.name(), Result.NOT_DUE, decision.describe());
        }
        if (!force && !retry.mayAttempt(state, facts, now)) {
            saveState(state);
            Instant next = state.nextAttempt().orElse(now);
            String lastError = state.lastError().orElse("an earlier failure");
            events.on(new RenewalEvent.Deferred(spec.name(), next, lastError));
            return new CheckOutcome(spec.name(), Result.DEFERRED, "next attempt at " + next + " after: " + lastError);
        }
        String reason = decision.due() ? decision.describe() : trigger.name().toLowerCase(java.util.Locale.ROOT);
        return renew(spec, current, state, reason, trigger == Trigger.REPLACE_REVOKED);
    }

    private CheckOutcome renew(CertificateSpec spec, Optional<StoredCertificate> current, CertificateState state,
            String reason, boolean newKey) throws InterruptedException {
        Instant started = clock.instant();
        LOG.info("[{}] renewing: {}", spec.name(), reason);
        try {
            store.checkWritable(spec.name());
            KeyPair key = newKey ? CertificateKeys.generate(spec.keyType()) : keyFor(spec, current);
            IssuedCertificate issued = issuer.issue(spec, key,
                    current.map(c -> c.material().leaf()), solvers.forCertificate(spec));
            CertificateMaterial material = issued.material();
            Optional<String> problem = IssuedCertificateCheck.problem(spec, material, clock.instant());
            if (problem.isPresent()) {
                return recordFailure(spec, state, started, "verify", "[" + spec.name() + "] verify: "
                        + problem.get() + "; the new certificate was not stored", Optional.empty(), false);
            }
            StoredCertificate stored = store.save(spec.name(), material);
            saveState(RenewalStates.succeeded(state, started));
            CertificateFacts facts = stored.facts();
            events.on(new RenewalEvent.Renewed(spec.name(), facts.domains(), facts.serial(), facts.notAfter(),
                    stored.version(), reason, issued.replaced()));
            return new CheckOutcome(spec.name(), Result.RENEWED, "version " + stored.version());
        } catch (AcmeFailure f) {
            boolean permanent = f.retry() == AcmeFailure.Retry.FIX_CONFIG;
            return recordFailure(spec, state, started, f.step().label(), f.getMessage(), f.retryAfter(), permanent);
        } catch (StoreException e) {
            return recordFailure(spec, state, started, "store", "[" + spec.name() + "] store: " + e.getMessage(),
                    Optional.empty(), false);
        }
    }

    /** With reuse-key the stored key survives renewals (for pinning, TLSA records); never across a key-type change. */
    private static KeyPair keyFor(CertificateSpec spec, Optional<StoredCertificate> current) {
        return current.filter(c -> spec.reuseKey())
                .filter(c -> c.facts().keyType().equals(Optional.of(spec.keyType())))
                .map(c -> c.material().keyPair())
                .orElseGet(() -> CertificateKeys.generate(spec.keyType()));
    }

    private CheckOutcome recordFailure(CertificateSpec spec, CertificateState state, Instant failedAt, String step,
            String message, Optional<Instant> retryAfter, boolean permanent) {
        int failures = state.consecutiveFailures() + 1;
        Instant next = retry.nextAttempt(failures, failedAt, retryAfter);
        if (permanent) {
            // Asking again unchanged gets the same refusal; once a day keeps the error visible without noise.
            next = RenewalStates.atLeastOneDay(next, failedAt);
        }
        saveState(RenewalStates.failed(state, failedAt, message, next));
        events.on(new RenewalEvent.Failed(spec.name(), step, message, failures, Optional.of(next)));
        return new CheckOutcome(spec.name(), Result.FAILED, message);
    }

    private CheckOutcome failed(CertificateSpec spec, String step, String message) {
        String full = "[" + spec.name() + "] " + step + ": " + message;
        events.on(new RenewalEvent.Failed(spec.name(), step, full, 0, Optional.empty()));
        return new CheckOutcome(spec.name(), Result.FAILED, full);
    }

    /**
     * An unreadable live certificate is treated as missing, so a new one replaces it instead of nothing happening;
     * so is the placeholder written before the first issuance, which no CA knows (no ARI, no {@code replaces}).
     */
    private Optional<StoredCertificate> readCurrent(CertificateSpec spec) {
        try {
            return store.current(spec.name()).filter(stored -> !stored.isPlaceholder());
        } catch (StoreException e) {
            events.on(new RenewalEvent.Warning(spec.name(), "the stored certificate cannot be read ("
                    + e.getMessage() + "); obtaining a new one"));
            return Optional.empty();
        }
    }

    private CertificateState loadState(String name) {
        try {
            return states.load(name);
        } catch (StoreException e) {
            LOG.warn("[{}] state: {} (starting from a clean state)", name, e.getMessage());
            return CertificateState.initial(name);
        }
    }

    private void saveState(CertificateState state) {
        try {
            states.save(state);
        } catch (StoreException e) {
            LOG.error("[{}] state: cannot save ({}); back-off and ARI timing will be lost on restart",
                    state.name(), e.getMessage());
        }
    }
}
