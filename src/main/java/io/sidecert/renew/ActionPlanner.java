package io.sidecert.renew;

import io.sidecert.renew.NextAction.Kind;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import java.time.Instant;
import java.util.Optional;

/**
 * The next thing that must happen to a certificate, from its decision and state: a pure function, so each rule
 * has a row in a table test. The earliest of: renewing (at the renewal point, or now when due), retrying when a
 * back-off or the CA's Retry-After ends, and asking the CA for its renewal window again.
 */
final class ActionPlanner {
    private final RetryPolicy retry;

    ActionPlanner(RetryPolicy retry) {
        this.retry = retry;
    }

    /**
     * @param due           the certificate must be renewed (the decision says so, or its live version was revoked)
     * @param configChanged the configuration changed since the last failure, which ends a back-off
     */
    NextAction plan(RenewalDecision decision, boolean due, CertificateState state, Optional<CertificateFacts> facts,
            boolean configChanged, Instant now) {
        NextAction action = renewal(decision, due, state, facts, configChanged, now);
        if (facts.isPresent()) {
            Instant ask = state.windowCheckAfter().orElse(now);
            action = action.orEarlier(new NextAction(Kind.ASK_RENEWAL_INFO, latest(ask, now)));
        }
        return action;
    }

    /** The next renewal attempt alone: at the renewal point, or when a back-off or the CA's Retry-After ends. */
    NextAction renewal(RenewalDecision decision, boolean due, CertificateState state, Optional<CertificateFacts> facts,
            boolean configChanged, Instant now) {
        return due ? attempt(state, facts, configChanged, now)
                : new NextAction(Kind.RENEW, latest(decision.renewAt(), now));
    }

    private NextAction attempt(CertificateState state, Optional<CertificateFacts> facts, boolean configChanged,
            Instant now) {
        Instant earliest = retry.earliestAttempt(state, facts, configChanged, now);
        if (!earliest.isAfter(now)) {
            return new NextAction(Kind.RENEW, now);
        }
        boolean caRetryAfter = state.caRetryAfter().filter(earliest::equals).isPresent();
        return new NextAction(caRetryAfter ? Kind.CA_RETRY_AFTER : Kind.RETRY, earliest);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
