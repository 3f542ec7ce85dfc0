package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An ACME exchange failed. Whether and when to try again is decided here, at the source, where the
 * CA's problem type is still known (certmagic's ErrNoRetry, cert-manager's isRetryableError).
 */
public final class AcmeFailure extends Exception {

    /** What retrying would take. */
    public enum Retry {
        /** A network fault, a failed validation, a CA hiccup: back off and try again. */
        BACK_OFF,
        /** The CA rate-limited us: wait for its Retry-After. */
        RATE_LIMITED,
        /** The CA refused what we asked (a 4xx problem): retrying unchanged will fail the same way. */
        FIX_CONFIG
    }

    private final String certificate;
    private final AcmeStep step;
    private final Retry retry;
    private final Optional<Instant> retryAfter;

    public AcmeFailure(String certificate, AcmeStep step, Retry retry, Optional<Instant> retryAfter,
            String message, Throwable cause) {
        this(certificate, step, retry, retryAfter, cause, "[" + certificate + "] " + step.label() + ": " + message);
    }

    private AcmeFailure(String certificate, AcmeStep step, Retry retry, Optional<Instant> retryAfter, Throwable cause,
            String fullMessage) {
        super(fullMessage, cause);
        this.certificate = requireNonNull(certificate, "certificate");
        this.step = requireNonNull(step, "step");
        this.retry = requireNonNull(retry, "retry");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * A failure whose message already names the certificate and the step, as a challenge solver's does
     * ({@code [shop] dns-01 present shop.example.com: ...}): kept as it is rather than prefixed twice.
     */
    public static AcmeFailure named(String certificate, AcmeStep step, Retry retry, String namedMessage,
            Throwable cause) {
        return new AcmeFailure(certificate, step, retry, Optional.empty(), cause, namedMessage);
    }

    /**
     * This failure with the CA's Retry-After, when the answer that caused it carried one that acme4j did not keep
     * (any status but a 429 rate limit); unchanged when it already has one.
     */
    AcmeFailure withRetryAfter(Optional<Instant> caRetryAfter) {
        if (retryAfter.isPresent() || caRetryAfter.isEmpty()) {
            return this;
        }
        AcmeFailure answered = new AcmeFailure(certificate, step, retry, caRetryAfter, getCause(),
                getMessage() + " (the CA asked to retry after " + caRetryAfter.get() + "; sidecert waits for it)");
        answered.setStackTrace(getStackTrace());
        return answered;
    }

    public String certificate() {
        return certificate;
    }

    public AcmeStep step() {
        return step;
    }

    public Retry retry() {
        return retry;
    }

    public Optional<Instant> retryAfter() {
        return retryAfter;
    }
}
