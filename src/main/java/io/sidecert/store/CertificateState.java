package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

/**
 * What sidecert remembers about one certificate between checks and across restarts.
 *
 * @param consecutiveFailures failures since the last success; drives the back-off
 * @param nextAttempt         no renewal is attempted before this instant (back-off, Retry-After)
 * @param caRetryAfter        the CA's own Retry-After of the last failure: unlike the back-off, not even a
 *                            certificate about to expire is tried before it
 * @param failedConfig        a fingerprint of the configuration the last failure happened with, so that a
 *                            changed configuration is tried at once instead of after the back-off
 * @param renewalWindow       the CA's suggested renewal window (ARI), when it offered one
 * @param windowCheckAfter    when to ask the CA for its window again (its Retry-After)
 * @param chosenRenewalTime   the random instant picked inside the window, so it stays put across checks
 * @param revokedSerial       the serial of a certificate revoked through sidecert, due for replacement while live
 */
public record CertificateState(
        String name,
        Optional<Instant> lastAttempt,
        Optional<Outcome> lastOutcome,
        Optional<String> lastError,
        int consecutiveFailures,
        Optional<Instant> lastSuccess,
        Optional<Instant> nextAttempt,
        Optional<Instant> caRetryAfter,
        Optional<String> failedConfig,
        Optional<RenewalWindow> renewalWindow,
        Optional<Instant> windowCheckAfter,
        Optional<Instant> chosenRenewalTime,
        Optional<BigInteger> revokedSerial) {

    public CertificateState {
        requireNonNull(name, "name");
        requireNonNull(lastAttempt, "lastAttempt");
        requireNonNull(lastOutcome, "lastOutcome");
        requireNonNull(lastError, "lastError");
        requireNonNull(lastSuccess, "lastSuccess");
        requireNonNull(nextAttempt, "nextAttempt");
        requireNonNull(caRetryAfter, "caRetryAfter");
        requireNonNull(failedConfig, "failedConfig");
        requireNonNull(renewalWindow, "renewalWindow");
        requireNonNull(windowCheckAfter, "windowCheckAfter");
        requireNonNull(chosenRenewalTime, "chosenRenewalTime");
        requireNonNull(revokedSerial, "revokedSerial");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures < 0");
        }
    }

    public static CertificateState initial(String name) {
        return new CertificateState(name, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** This state with a new ARI window, next time to ask, and chosen renewal time. */
    public CertificateState withRenewalInfo(Optional<RenewalWindow> window, Optional<Instant> checkAfter,
            Optional<Instant> chosen) {
        return new CertificateState(name, lastAttempt, lastOutcome, lastError, consecutiveFailures, lastSuccess,
                nextAttempt, caRetryAfter, failedConfig, window, checkAfter, chosen, revokedSerial);
    }

    /** This state with another back-off end and CA Retry-After. */
    public CertificateState withWaits(Optional<Instant> nextAttempt, Optional<Instant> caRetryAfter) {
        return new CertificateState(name, lastAttempt, lastOutcome, lastError, consecutiveFailures, lastSuccess,
                nextAttempt, caRetryAfter, failedConfig, renewalWindow, windowCheckAfter, chosenRenewalTime,
                revokedSerial);
    }

    /** This state, remembering that the certificate with {@code serial} was revoked. */
    public CertificateState withRevoked(BigInteger serial) {
        return new CertificateState(name, lastAttempt, lastOutcome, lastError, consecutiveFailures, lastSuccess,
                nextAttempt, caRetryAfter, failedConfig, renewalWindow, windowCheckAfter, chosenRenewalTime,
                Optional.of(serial));
    }

    /** This state under another certificate name: the lineage was taken over by a renamed entry. */
    public CertificateState renamed(String newName) {
        return new CertificateState(newName, lastAttempt, lastOutcome, lastError, consecutiveFailures, lastSuccess,
                nextAttempt, caRetryAfter, failedConfig, renewalWindow, windowCheckAfter, chosenRenewalTime,
                revokedSerial);
    }

    /** How the last attempt ended. */
    public enum Outcome {
        RENEWED,
        FAILED
    }
}
