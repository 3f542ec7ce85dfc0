package io.sidecert.renew;

import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateState.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The state transitions of a renewal attempt, kept apart from the I/O that triggers them. */
final class RenewalStates {
    private RenewalStates() {
    }

    /** A new certificate: failures forgotten, and the old certificate's ARI window no longer applies. */
    static CertificateState succeeded(CertificateState s, Instant at) {
        return new CertificateState(s.name(), Optional.of(at), Optional.of(Outcome.RENEWED), Optional.empty(), 0,
                Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static CertificateState failed(CertificateState s, Instant at, String error, Instant nextAttempt) {
        return new CertificateState(s.name(), Optional.of(at), Optional.of(Outcome.FAILED), Optional.of(error),
                s.consecutiveFailures() + 1, s.lastSuccess(), Optional.of(nextAttempt), s.renewalWindow(),
                s.windowCheckAfter(), s.chosenRenewalTime());
    }

    static Instant atLeastOneDay(Instant next, Instant failedAt) {
        Instant dayLater = failedAt.plus(Duration.ofDays(1));
        return next.isAfter(dayLater) ? next : dayLater;
    }
}
