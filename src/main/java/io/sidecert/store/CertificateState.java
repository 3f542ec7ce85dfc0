package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What sidecert remembers about one certificate between checks and across restarts.
 *
 * @param consecutiveFailures failures since the last success; drives the back-off
 * @param nextAttempt         no renewal is attempted before this instant (back-off, Retry-After)
 * @param renewalWindow       the CA's suggested renewal window (ARI), when it offered one
 * @param windowCheckAfter    when to ask the CA for its window again (its Retry-After)
 * @param chosenRenewalTime   the random instant picked inside the window, so it stays put across checks
 */
public record CertificateState(
        String name,
        Optional<Instant> lastAttempt,
        Optional<Outcome> lastOutcome,
        Optional<String> lastError,
        int consecutiveFailures,
        Optional<Instant> lastSuccess,
        Optional<Instant> nextAttempt,
        Optional<RenewalWindow> renewalWindow,
        Optional<Instant> windowCheckAfter,
        Optional<Instant> chosenRenewalTime) {

    public CertificateState {
        requireNonNull(name, "name");
        requireNonNull(lastAttempt, "lastAttempt");
        requireNonNull(lastOutcome, "lastOutcome");
        requireNonNull(lastError, "lastError");
        requireNonNull(lastSuccess, "lastSuccess");
        requireNonNull(nextAttempt, "nextAttempt");
        requireNonNull(renewalWindow, "renewalWindow");
        requireNonNull(windowCheckAfter, "windowCheckAfter");
        requireNonNull(chosenRenewalTime, "chosenRenewalTime");
        if (consecutiveFailures < 0) {
            throw new IllegalArgumentException("consecutiveFailures < 0");
        }
    }

    public static CertificateState initial(String name) {
        return new CertificateState(name, Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** How the last attempt ended. */
    public enum Outcome {
        RENEWED,
        NOT_DUE,
        FAILED
    }
}
