package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.AcmeIssuer;
import io.sidecert.acme.IssuedCertificate;
import io.sidecert.acme.Revoker;
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
import java.util.Locale;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;
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
    private final Revoker revoker;
    private final ChallengeSolvers solvers;
    private final AriTracker ari;
    private final RenewalPolicy policy;
    private final RetryPolicy retry;
    private final RenewalListener events;
    private final Clock clock;

    public CertificateRenewer(CertificateStore store, StateStore states, CertificateLocks locks, AcmeIssuer issuer,
            Revoker revoker, ChallengeSolvers solvers, AriTracker ari, RenewalPolicy policy, RetryPolicy retry,
            RenewalListener events, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.locks = requireNonNull(locks, "locks");
        this.issuer = requireNonNull(issuer, "issuer");
        this.revoker = requireNonNull(revoker, "revoker");
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
        FORCED
    }

    public CheckOutcome check(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        return underLock(spec, () -> checkLocked(spec, trigger));
    }

    /**
     * Revokes the live certificate and, if asked, replaces it at once on a new key. The revocation is
     * remembered, so a replacement that fails now is retried at every check like any due certificate.
     */
    public CheckOutcome revoke(CertificateSpec spec, RevocationReason reason, boolean replace)
            throws InterruptedException {
        return underLock(spec, () -> revokeLocked(spec, reason, replace));
    }

    private CheckOutcome checkLocked(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        Instant now = clock.instant();
        CertificateState state = loadState(spec.name());
        Optional<StoredCertificate> current = readCurrent(spec);
        Optional<CertificateFacts> facts = current.map(StoredCertificate::facts);
        boolean revoked = facts.map(f -> state.revokedSerial().equals(Optional.of(f.serial()))).orElse(false);
        CertificateState refreshed = ari.refresh(spec, current, state, now);
        RenewalDecision decision = policy.decide(spec, facts, refreshed.chosenRenewalTime(), now);
        decision.warning().ifPresent(w -> events.on(new RenewalEvent.Warning(spec.name(), w)));
        boolean force = trigger == Trigger.FORCED;
        if (!decision.due() && !force && !revoked) {
            saveState(refreshed);
            events.on(new RenewalEvent.NotDue(spec.name(), facts.orElseThrow().notAfter(), decision.renewAt()));
            return new CheckOutcome(spec.name(), Result.NOT_DUE, decision.describe());
        }
        boolean configChanged = refreshed.failedConfig().filter(f -> !f.equals(ConfigFingerprint.of(spec))).isPresent();
        if (!force && !retry.mayAttempt(refreshed, facts, configChanged || revoked, now)) {
            return deferred(spec, refreshed, now);
        }
        String reason = revoked ? "the live certificate was revoked"
                : decision.due() ? decision.describe() : trigger.name().toLowerCase(Locale.ROOT);
        return renew(spec, current, refreshed, reason, revoked);
    }

    private CheckOutcome deferred(CertificateSpec spec, CertificateState state, Instant now) {
        saveState(state);
        Instant next = state.caRetryAfter().filter(now::isBefore).or(state::nextAttempt).orElse(now);
        String lastError = state.lastError().orElse("an earlier failure");
        events.on(new RenewalEvent.Deferred(spec.name(), next, lastError));
        return new CheckOutcome(spec.name(), Result.DEFERRED, "next attempt at " + next + " after: " + lastError
                + " (`sidecert renew " + spec.name() + " --force` tries now)");
    }

    private CheckOutcome revokeLocked(CertificateSpec spec, RevocationReason reason, boolean replace)
            throws InterruptedException {
        Optional<StoredCertificate> current = readCurrent(spec);
        if (current.isEmpty()) {
            return new CheckOutcome(spec.name(), Result.FAILED, "[" + spec.name() + "] revoke: there is no certificate"
                    + " to revoke");
        }
        try {
            revoker.revoke(spec, current.get().material().leaf(), reason);
        } catch (AcmeFailure e) {
            return new CheckOutcome(spec.name(), Result.FAILED, e.getMessage());
        }
        String serial = current.get().facts().serial().toString(16);
        saveState(loadState(spec.name()).withRevoked(current.get().facts().serial()));
        events.on(new RenewalEvent.Warning(spec.name(), "revoked serial " + serial + " (" + reason + ")"));
        if (!replace) {
            return new CheckOutcome(spec.name(), Result.REVOKED, "revoked serial " + serial
                    + "; the revoked certificate stays live until it is replaced");
        }
        CheckOutcome replaced = renew(spec, current, loadState(spec.name()), "replacing revoked serial " + serial, true);
        return new CheckOutcome(spec.name(), replaced.result(), "revoked serial " + serial + "; replacement "
                + replaced.result().name().toLowerCase(Locale.ROOT) + ": " + replaced.detail());
    }

    private CheckOutcome renew(CertificateSpec spec, Optional<StoredCertificate> current, CertificateState state,
            String reason, boolean newKey) throws InterruptedException {
        Instant started = clock.instant();
        LOG.info("[{}] renewing: {}", spec.name(), reason);
        try {
            store.checkWritable(spec.name());
            KeyPair key = newKey ? CertificateKeys.generate(spec.keyType()) : keyFor(spec, current);
            IssuedCertificate issued = issuer.issue(spec, key, current.map(c -> c.material().leaf()),
                    solvers.forCertificate(spec));
            CertificateMaterial material = issued.material();
            Optional<String> problem = IssuedCertificateCheck.problem(spec, material, clock.instant());
            if (problem.isPresent()) {
                return recordFailure(spec, state, started, "verify", "[" + spec.name() + "] verify: "
                        + problem.get() + "; the new certificate was not stored", Optional.empty(), true);
            }
            StoredCertificate stored = store.save(spec.name(), material);
            saveState(RenewalStates.succeeded(state, started));
            CertificateFacts facts = stored.facts();
            events.on(new RenewalEvent.Renewed(spec.name(), facts.domains(), facts.serial(), facts.notAfter(),
                    stored.version(), reason, issued.replaced()));
            return new CheckOutcome(spec.name(), Result.RENEWED, "version " + stored.version());
        } catch (AcmeFailure f) {
            Optional<Instant> caRetryAfter = f.retry() == AcmeFailure.Retry.RATE_LIMITED ? f.retryAfter() : Optional.empty();
            return recordFailure(spec, state, started, f.step().label(), f.getMessage(), caRetryAfter,
                    f.retry() == AcmeFailure.Retry.FIX_CONFIG);
        } catch (StoreException e) {
            // The store's messages name the certificate and the step already ("[shop] save: ...").
            return recordFailure(spec, state, started, "store", e.getMessage(), Optional.empty(), false);
        } catch (RuntimeException e) {
            // A bug or a library surprise: still a recorded failure with a back-off, never a retry every hour.
            LOG.error("[{}] internal error while renewing", spec.name(), e);
            return recordFailure(spec, state, started, "internal", "[" + spec.name() + "] internal error: " + e
                    + " (please report this)", Optional.empty(), false);
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
            String message, Optional<Instant> caRetryAfter, boolean refusal) {
        int failures = state.consecutiveFailures() + 1;
        Instant next = refusal ? retry.nextAttemptAfterRefusal(failures, failedAt, caRetryAfter)
                : retry.nextAttempt(failures, failedAt, caRetryAfter);
        saveState(RenewalStates.failed(state, failedAt, message, next, caRetryAfter, ConfigFingerprint.of(spec)));
        events.on(new RenewalEvent.Failed(spec.name(), step, message, failures, Optional.of(next)));
        return new CheckOutcome(spec.name(), Result.FAILED, message);
    }

    private CheckOutcome underLock(CertificateSpec spec, Locked work) throws InterruptedException {
        Optional<CertificateLocks.Held> lock;
        try {
            lock = locks.tryLock(spec.name());
        } catch (IOException e) {
            String message = "[" + spec.name() + "] lock: cannot take the lock in the state directory: "
                    + e.getMessage() + " (check that storage.state is writable)";
            events.on(new RenewalEvent.Failed(spec.name(), "lock", message, 0, Optional.empty()));
            return new CheckOutcome(spec.name(), Result.FAILED, message);
        }
        if (lock.isEmpty()) {
            return new CheckOutcome(spec.name(), Result.BUSY, "another check of this certificate is running");
        }
        try (CertificateLocks.Held held = lock.get()) {
            return work.run();
        }
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

    /** Work done while holding a certificate's lock. */
    @FunctionalInterface
    private interface Locked {
        CheckOutcome run() throws InterruptedException;
    }
}
