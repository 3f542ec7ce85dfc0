package io.sidecert.renew;

import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateState.Outcome;
import java.time.Instant;
import java.util.Optional;

/** The state transitions of a renewal attempt, kept apart from the I/O that triggers them. */
final class RenewalStates {
    private RenewalStates() {
    }

    /** A new certificate: failures forgotten, and the old certificate's ARI window and revocation no longer apply. */
    static CertificateState succeeded(CertificateState s, Instant at) {
        return new CertificateState(s.name(), Optional.of(at), Optional.of(Outcome.RENEWED), Optional.empty(), 0,
                Optional.of(at), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * @param caRetryAfter the CA's Retry-After, kept apart from the back-off because urgency never overrides it
     * @param config       fingerprint of the configuration that failed, see {@link ConfigFingerprint}
     */
    static CertificateState failed(CertificateState s, Instant at, String error, Instant nextAttempt,
            Optional<Instant> caRetryAfter, String config) {
        return new CertificateState(s.name(), Optional.of(at), Optional.of(Outcome.FAILED), Optional.of(error),
                s.consecutiveFailures() + 1, s.lastSuccess(), Optional.of(nextAttempt), caRetryAfter,
                Optional.of(config), s.renewalWindow(), s.windowCheckAfter(), s.chosenRenewalTime(),
                s.revokedSerial());
    }
}
