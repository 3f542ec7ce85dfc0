package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.CertificateAuthority;
import io.sidecert.acme.IssuedCertificate;
import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.renew.CheckOutcome.Result;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one certificate: decides whether it is due and if so, under its lock and after deciding again,
 * obtains, verifies and stores a new version, recording the outcome in its state and planning what comes next.
 * Every failure ends here as an event and a back-off, never as an exception into the scheduler.
 *
 * <p>A routine check of a certificate that is not due takes no lock, asks nothing of the CA, parses no key and
 * writes nothing: it reads what the store and the state store keep in memory while their files are unchanged.
 */
public final class CertificateRenewer {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewer.class);
    /** How soon to look again at a certificate whose lock another check holds: it is probably storing it now. */
    private static final Duration LOOK_AGAIN = Duration.ofMinutes(1);

    private final CertificateStore store;
    private final StateStore states;
    private final CertificateLocks locks;
    private final CertificateAuthority ca;
    private final AriTracker ari;
    private final RenewalPolicy policy;
    private final RetryPolicy retry;
    private final ActionPlanner planner;
    private final OrderBudget budget;
    private final SharedStoreWatcher sharedStore;
    private final RenewalListener events;
    private final Clock clock;

    public CertificateRenewer(CertificateStore store, StateStore states, CertificateLocks locks,
            CertificateAuthority ca, AriTracker ari, RenewalPolicy policy, RetryPolicy retry, OrderBudget budget,
            SharedStoreWatcher sharedStore, RenewalListener events, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.locks = requireNonNull(locks, "locks");
        this.ca = requireNonNull(ca, "ca");
        this.ari = requireNonNull(ari, "ari");
        this.policy = requireNonNull(policy, "policy");
        this.retry = requireNonNull(retry, "retry");
        this.planner = new ActionPlanner(retry);
        this.budget = requireNonNull(budget, "budget");
        this.sharedStore = requireNonNull(sharedStore, "sharedStore");
        this.events = requireNonNull(events, "events");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Why a check runs; anything but the schedule is an operator's explicit request. */
    public enum Trigger {
        /** The certificate's own trigger or a pass: renew only when due and not held back by a back-off. */
        SCHEDULED,
        /** {@code renew --force}: renew now, ignoring the decision and the back-off. */
        FORCED
    }

    public CheckOutcome check(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        if (trigger == Trigger.SCHEDULED) {
            Optional<CheckOutcome> idle = idle(spec);
            if (idle.isPresent()) {
                return idle.get();
            }
        }
        return underLock(spec, () -> checkLocked(spec, trigger));
    }

    /**
     * Revokes the live certificate and, if asked, replaces it at once on a new key. The revocation is
     * remembered, so a replacement that fails now is retried like any due certificate.
     */
    public CheckOutcome revoke(CertificateSpec spec, RevocationReason reason, boolean replace)
            throws InterruptedException {
        return underLock(spec, () -> revokeLocked(spec, reason, replace));
    }

    /** The outcome of a look without the lock, when it shows nothing to do now; empty when work may be due. */
    private Optional<CheckOutcome> idle(CertificateSpec spec) {
        Instant now = clock.instant();
        CertificateState state = retry.withinCaps(loadState(spec.name()), now);
        Optional<LiveVersion> live = liveVersion(spec);
        if (live.isEmpty() || ari.wouldRefresh(live, state, now)) {
            return Optional.empty();
        }
        Look look = look(spec, state, live, now);
        if (look.due() && look.mayAttempt()) {
            return Optional.empty();
        }
        warn(spec, look);
        return Optional.of(look.due() ? deferred(spec, state, look) : notDue(spec, look));
    }

    private CheckOutcome checkLocked(CertificateSpec spec, Trigger trigger) throws InterruptedException {
        Instant now = clock.instant();
        // Lock, then look again: read from the file, not from memory, since another node may have written it.
        CertificateState loaded = loadFreshState(spec.name());
        CertificateState sane = retry.withinCaps(loaded, now);
        if (!sane.equals(loaded)) {
            LOG.warn("[{}] state: ignoring a wait until {} that no failure could have asked for (at most {} from"
                    + " now); trying as if it were not there", spec.name(),
                    loaded.nextAttempt().or(loaded::caRetryAfter).orElseThrow(), RetryPolicy.MAX_WAIT);
        }
        Optional<StoredCertificate> current = readCurrent(spec);
        CertificateState state = ari.refresh(spec, current, sane, now);
        saveIfChanged(loaded, state);
        Look look = look(spec, state, current.map(LiveVersion::of), now);
        warn(spec, look);
        boolean force = trigger == Trigger.FORCED;
        if (!look.due() && !force) {
            return notDue(spec, look);
        }
        if (!force && !look.mayAttempt()) {
            return deferred(spec, state, look);
        }
        String reason = look.revoked() ? "the live certificate was revoked"
                : look.decision().due() ? look.decision().describe() : trigger.name().toLowerCase(Locale.ROOT);
        return renew(spec, current, state, reason, look.revoked());
    }

    /** Where a certificate stands now: the decision, whether it is due and may be tried, and what comes next. */
    private Look look(CertificateSpec spec, CertificateState state, Optional<LiveVersion> live, Instant now) {
        Optional<CertificateFacts> facts = live.filter(v -> !v.placeholder()).map(LiveVersion::facts);
        boolean revoked = facts.map(f -> state.revokedSerial().equals(Optional.of(f.serial()))).orElse(false);
        RenewalDecision decision = policy.decide(spec, facts, state.chosenRenewalTime(), now);
        boolean configChanged = state.failedConfig().filter(f -> !f.equals(ConfigFingerprint.of(spec))).isPresent();
        boolean due = decision.due() || revoked;
        NextAction next = planner.plan(decision, due, state, facts, configChanged || revoked, now);
        NextAction renewal = planner.renewal(decision, due, state, facts, configChanged || revoked, now);
        boolean mayAttempt = retry.mayAttempt(state, facts, configChanged || revoked, now);
        return new Look(decision, facts, revoked, due, mayAttempt, next, renewal);
    }

    /**
     * @param next    what the certificate's trigger is planned for: the next renewal or an earlier ARI question
     * @param renewal the next renewal attempt alone, as the operator reads it
     */
    private record Look(RenewalDecision decision, Optional<CertificateFacts> facts, boolean revoked, boolean due,
            boolean mayAttempt, NextAction next, NextAction renewal) {
    }

    private void warn(CertificateSpec spec, Look look) {
        look.decision().warning().ifPresent(w -> events.on(new RenewalEvent.Warning(spec.name(), w)));
    }

    private CheckOutcome notDue(CertificateSpec spec, Look look) {
        budget.withdraw(spec.name());
        events.on(new RenewalEvent.NotDue(spec.name(), look.facts().orElseThrow().notAfter(),
                look.decision().renewAt()));
        return CheckOutcome.of(spec.name(), Result.NOT_DUE, look.decision().describe(), look.next());
    }

    private CheckOutcome deferred(CertificateSpec spec, CertificateState state, Look look) {
        budget.withdraw(spec.name());
        Instant next = look.renewal().at();
        String lastError = state.lastError().orElse("an earlier failure");
        events.on(new RenewalEvent.Deferred(spec.name(), next, lastError));
        return CheckOutcome.of(spec.name(), Result.DEFERRED, "next attempt at " + next + " after: " + lastError
                + " (`sidecert renew " + spec.name() + " --force` tries now)", look.next());
    }

    private CheckOutcome revokeLocked(CertificateSpec spec, RevocationReason reason, boolean replace)
            throws InterruptedException {
        Optional<StoredCertificate> current = readCurrent(spec);
        if (current.isEmpty()) {
            return CheckOutcome.unplanned(spec.name(), Result.FAILED, "[" + spec.name() + "] revoke: there is no"
                    + " certificate to revoke");
        }
        try {
            ca.revoke(spec, current.get().material().leaf(), reason);
        } catch (AcmeFailure e) {
            return CheckOutcome.unplanned(spec.name(), Result.FAILED, e.getMessage());
        }
        String serial = current.get().facts().serial().toString(16);
        CertificateState revoked = loadState(spec.name()).withRevoked(current.get().facts().serial());
        saveState(revoked);
        events.on(new RenewalEvent.Warning(spec.name(), "revoked serial " + serial + " (" + reason + ")"));
        if (!replace) {
            NextAction next = new NextAction(NextAction.Kind.RENEW, clock.instant());
            return CheckOutcome.of(spec.name(), Result.REVOKED, "revoked serial " + serial
                    + "; the revoked certificate stays live until it is replaced", next);
        }
        CheckOutcome replaced = renew(spec, current, revoked, "replacing revoked serial " + serial, true);
        return new CheckOutcome(spec.name(), replaced.result(), "revoked serial " + serial + "; replacement "
                + replaced.result().name().toLowerCase(Locale.ROOT) + ": " + replaced.detail(), replaced.next(),
                replaced.stored());
    }

    private CheckOutcome renew(CertificateSpec spec, Optional<StoredCertificate> current, CertificateState state,
            String reason, boolean newKey) throws InterruptedException {
        Instant started = clock.instant();
        try {
            store.checkWritable(spec.name());
            KeyPair key = newKey ? CertificateKeys.generate(spec.keyType()) : keyFor(spec, current);
            // Asked last before ordering, so the slot is used the moment it is granted.
            Optional<CheckOutcome> waiting = waitForBudget(spec, current, state);
            if (waiting.isPresent()) {
                return waiting.get();
            }
            LOG.info("[{}] renewing: {}", spec.name(), reason);
            IssuedCertificate issued = ca.issue(spec, key, current.map(c -> c.material().leaf()));
            CertificateMaterial material = issued.material();
            Optional<String> problem = IssuedCertificateCheck.problem(spec, material, clock.instant());
            if (problem.isPresent()) {
                return recordFailure(spec, state, started, Failure.refusal("verify", "[" + spec.name()
                        + "] verify: " + problem.get() + "; the new certificate was not stored"));
            }
            return stored(spec, state, started, store.save(spec.name(), material), reason, issued.replaced());
        } catch (AcmeFailure f) {
            return recordFailure(spec, state, started, Failure.of(f).capped(retry, started, spec.name(),
                    current.map(StoredCertificate::facts)));
        } catch (StoreException e) {
            // The store's messages name the certificate and the step already ("[shop] save: ...").
            return recordFailure(spec, state, started, Failure.backOff("store", e.getMessage()));
        } catch (RuntimeException e) {
            // A bug or a library surprise: still a recorded failure with a back-off, never a retry every hour.
            LOG.error("[{}] internal error while renewing", spec.name(), e);
            return recordFailure(spec, state, started, Failure.backOff("internal", "[" + spec.name()
                    + "] internal error: " + e + " (please report this)"));
        }
    }

    /**
     * New orders are paced by the account's budget. A renewal inside the CA's suggested window, naming the live
     * certificate it replaces, does not count against the CA's limits (Let's Encrypt's ARI rule), so it never
     * waits; should the CA refuse {@code replaces} after all, the order is charged when it is done.
     */
    private Optional<CheckOutcome> waitForBudget(CertificateSpec spec, Optional<StoredCertificate> current,
            CertificateState state) {
        if (current.isPresent() && insideRenewalWindow(state)) {
            budget.withdraw(spec.name());
            return Optional.empty();
        }
        OrderPriority priority = current.map(c -> OrderPriority.renewal(c.facts().notAfter()))
                .orElseGet(OrderPriority::firstIssuance);
        if (!(budget.request(spec.name(), priority) instanceof OrderGrant.Wait wait)) {
            return Optional.empty();
        }
        events.on(new RenewalEvent.WaitingForBudget(spec.name(), wait.until()));
        return Optional.of(CheckOutcome.of(spec.name(), Result.WAITING, "waiting for the order budget until "
                + TimeText.instant(wait.until()), new NextAction(NextAction.Kind.WAIT_FOR_BUDGET, wait.until())));
    }

    private boolean insideRenewalWindow(CertificateState state) {
        return state.renewalWindow().filter(w -> !clock.instant().isBefore(w.start())).isPresent();
    }

    private CheckOutcome stored(CertificateSpec spec, CertificateState state, Instant started,
            StoredCertificate stored, String reason, Optional<String> replaced) {
        sharedStore.stored(LiveVersion.of(stored));
        if (replaced.isEmpty() && insideRenewalWindow(state)) {
            budget.charge(spec.name());   // exempt only as a replacement, which the CA did not take it as
        }
        CertificateState succeeded = RenewalStates.succeeded(state, started);
        saveState(succeeded);
        CertificateFacts facts = stored.facts();
        events.on(new RenewalEvent.Renewed(spec.name(), facts.domains(), facts.serial(), facts.notAfter(),
                stored.version(), reason, replaced));
        Instant now = clock.instant();
        RenewalDecision decision = policy.decide(spec, Optional.of(facts), Optional.empty(), now);
        NextAction next = planner.plan(decision, decision.due(), succeeded, Optional.of(facts), false, now);
        return CheckOutcome.renewed(LiveVersion.of(stored), next);
    }

    /** With reuse-key the stored key survives renewals (for pinning, TLSA records); never across a key-type change. */
    private static KeyPair keyFor(CertificateSpec spec, Optional<StoredCertificate> current) {
        return current.filter(c -> spec.reuseKey())
                .filter(c -> c.facts().keyType().equals(Optional.of(spec.keyType())))
                .map(c -> c.material().keyPair())
                .orElseGet(() -> CertificateKeys.generate(spec.keyType()));
    }

    private CheckOutcome recordFailure(CertificateSpec spec, CertificateState state, Instant failedAt,
            Failure failure) {
        budget.withdraw(spec.name());
        int failures = state.consecutiveFailures() + 1;
        Instant next = failure.refusal() ? retry.nextAttemptAfterRefusal(failures, failedAt, failure.caRetryAfter())
                : retry.nextAttempt(failures, failedAt, failure.caRetryAfter());
        saveState(RenewalStates.failed(state, failedAt, failure.message(), next, failure.caRetryAfter(),
                ConfigFingerprint.of(spec)));
        events.on(new RenewalEvent.Failed(spec.name(), failure.step(), failure.message(), failures,
                Optional.of(next)));
        NextAction.Kind kind = failure.caRetryAfter().filter(next::equals).isPresent()
                ? NextAction.Kind.CA_RETRY_AFTER : NextAction.Kind.RETRY;
        return CheckOutcome.of(spec.name(), Result.FAILED, failure.message(), new NextAction(kind, next));
    }

    /**
     * A failed attempt, as the back-off needs it.
     *
     * @param caRetryAfter the CA's Retry-After, kept apart from the back-off because urgency never overrides it
     * @param refusal      retrying unchanged cannot help (a 4xx problem, a certificate that failed verification)
     */
    private record Failure(String step, String message, Optional<Instant> caRetryAfter, boolean refusal) {
        static Failure backOff(String step, String message) {
            return new Failure(step, message, Optional.empty(), false);
        }

        static Failure refusal(String step, String message) {
            return new Failure(step, message, Optional.empty(), true);
        }

        /** This failure with the CA's Retry-After held to the policy's caps; a cap applied is logged. */
        Failure capped(RetryPolicy retry, Instant failedAt, String certificate, Optional<CertificateFacts> current) {
            Optional<Instant> capped = caRetryAfter.map(t -> retry.capRetryAfter(t, failedAt, current));
            if (!capped.equals(caRetryAfter)) {
                LOG.warn("[{}] the CA asked to wait until {}; waiting until {} instead (at most {}, and never into"
                        + " the certificate's last tenth of life)", certificate, caRetryAfter.orElseThrow(),
                        capped.orElseThrow(), RetryPolicy.MAX_WAIT);
            }
            return new Failure(step, message, capped, refusal);
        }

        static Failure of(AcmeFailure f) {
            // Whatever the status (429, 503, ...): a CA that says when to come back is not asked before.
            return new Failure(f.step().label(), f.getMessage(), f.retryAfter(),
                    f.retry() == AcmeFailure.Retry.FIX_CONFIG);
        }
    }

    private CheckOutcome underLock(CertificateSpec spec, Locked work) throws InterruptedException {
        Optional<CertificateLocks.Held> lock;
        try {
            lock = locks.tryLock(spec.name());
        } catch (IOException e) {
            String message = "[" + spec.name() + "] lock: cannot take the lock in the state directory: "
                    + e.getMessage() + " (check that storage.state is writable)";
            events.on(new RenewalEvent.Failed(spec.name(), "lock", message, 0, Optional.empty()));
            return CheckOutcome.unplanned(spec.name(), Result.FAILED, message);
        }
        if (lock.isEmpty()) {
            return CheckOutcome.of(spec.name(), Result.BUSY, "another check of this certificate is running",
                    new NextAction(NextAction.Kind.LOOK_AGAIN, clock.instant().plus(LOOK_AGAIN)));
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

    /** The live version as the store keeps it in memory; empty (so: look under the lock) when unreadable. */
    private Optional<LiveVersion> liveVersion(CertificateSpec spec) {
        try {
            return store.live(spec.name());
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private CertificateState loadFreshState(String name) {
        return loadState(name, states::loadFresh);
    }

    private CertificateState loadState(String name) {
        return loadState(name, states::load);
    }

    private static CertificateState loadState(String name, StateLoader loader) {
        try {
            return loader.load(name);
        } catch (StoreException e) {
            LOG.warn("[{}] state: {} (starting from a clean state)", name, e.getMessage());
            return CertificateState.initial(name);
        }
    }

    private void saveIfChanged(CertificateState before, CertificateState after) {
        if (!before.equals(after)) {
            saveState(after);
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

    /** {@link StateStore#load} or {@link StateStore#loadFresh}. */
    @FunctionalInterface
    private interface StateLoader {
        CertificateState load(String name) throws StoreException;
    }

    /** Work done while holding a certificate's lock. */
    @FunctionalInterface
    private interface Locked {
        CheckOutcome run() throws InterruptedException;
    }
}
