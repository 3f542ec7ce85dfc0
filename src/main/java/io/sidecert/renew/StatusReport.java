package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.StateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the status of each configured certificate from the store and the state, without asking the CA. */
public final class StatusReport {
    private final CertificateStore store;
    private final StateStore states;
    private final RenewalPolicy policy;
    private final ActionPlanner planner;
    private final OrderBudget budget;
    private final Clock clock;

    /** @param budget the account's order budget, whose waiting certificates show as such */
    public StatusReport(CertificateStore store, StateStore states, RenewalPolicy policy, RetryPolicy retry,
            OrderBudget budget, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.policy = requireNonNull(policy, "policy");
        this.planner = new ActionPlanner(requireNonNull(retry, "retry"));
        this.budget = requireNonNull(budget, "budget");
        this.clock = requireNonNull(clock, "clock");
    }

    public List<CertificateStatus> of(List<CertificateSpec> specs) {
        List<CertificateStatus> rows = new ArrayList<>();
        Map<String, Instant> waiting = new HashMap<>();
        budget.waiting().forEach(w -> waiting.put(w.certificate(), w.plannedAt()));
        for (CertificateSpec spec : specs) {
            rows.add(of(spec, waiting));
        }
        return rows;
    }

    /**
     * Rows for certificates found in the store but no longer configured: what they are and when they expire,
     * nothing planned.
     */
    public List<CertificateStatus> unconfigured(List<String> names) {
        List<CertificateStatus> rows = new ArrayList<>();
        for (String name : names) {
            Optional<LiveVersion> live = readAny(name);
            Optional<CertificateFacts> facts = live.filter(l -> !l.placeholder()).map(LiveVersion::facts);
            CertificateState state = state(name);
            rows.add(new CertificateStatus(name, live.map(l -> l.facts().domains()).orElse(List.of()),
                    live.map(LiveVersion::issuer), facts.map(CertificateFacts::notAfter), Optional.empty(),
                    state.lastOutcome().map(o -> o.name().toLowerCase(java.util.Locale.ROOT)), Optional.empty(),
                    facts.map(CertificateFacts::notBefore), Optional.empty(), state.lastAttempt(),
                    state.lastSuccess(), 0, Optional.empty(), CertificateStatus.Standing.NOT_CONFIGURED));
        }
        return rows;
    }

    private CertificateStatus of(CertificateSpec spec, Map<String, Instant> waiting) {
        Optional<LiveVersion> stored = readAny(spec.name());
        Optional<LiveVersion> live = stored.filter(l -> !l.placeholder());
        CertificateState state = state(spec.name());
        Optional<CertificateFacts> facts = live.map(LiveVersion::facts);
        Instant now = clock.instant();
        RenewalDecision decision = policy.decide(spec, facts, state.chosenRenewalTime(), now);
        boolean revoked = facts.map(f -> state.revokedSerial().equals(Optional.of(f.serial()))).orElse(false);
        boolean configChanged = state.failedConfig().filter(f -> !f.equals(ConfigFingerprint.of(spec))).isPresent();
        boolean due = decision.due() || revoked;
        Optional<NextAction> budget = Optional.ofNullable(waiting.get(spec.name()))
                .map(until -> new NextAction(NextAction.Kind.WAIT_FOR_BUDGET, until));
        NextAction renewal = budget.orElseGet(() -> planner.renewal(decision, due, state, facts,
                configChanged || revoked, now));
        NextAction next = budget.orElseGet(() -> planner.plan(decision, due, state, facts, configChanged || revoked,
                now));
        return new CertificateStatus(spec.name(), spec.domains(), live.map(LiveVersion::issuer),
                facts.map(CertificateFacts::notAfter), Optional.of(renewal.at()),
                state.lastOutcome().map(o -> o.name().toLowerCase(java.util.Locale.ROOT)), state.lastError(),
                facts.map(CertificateFacts::notBefore), facts.map(f -> decision.renewAt()),
                state.lastAttempt(), state.lastSuccess(), state.consecutiveFailures(),
                Optional.of(next), standing(stored, revoked));
    }

    private static CertificateStatus.Standing standing(Optional<LiveVersion> stored, boolean revoked) {
        if (stored.isEmpty()) {
            return CertificateStatus.Standing.NONE;
        }
        if (stored.get().placeholder()) {
            return CertificateStatus.Standing.PLACEHOLDER;
        }
        return revoked ? CertificateStatus.Standing.REVOKED : CertificateStatus.Standing.ISSUED;
    }

    /** The placeholder written before the first issuance shows as no certificate, as the renewer sees it. */
    private Optional<LiveVersion> readAny(String name) {
        try {
            return store.live(name);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    private CertificateState state(String name) {
        try {
            return states.load(name);
        } catch (StoreException e) {
            return CertificateState.initial(name);
        }
    }
}
