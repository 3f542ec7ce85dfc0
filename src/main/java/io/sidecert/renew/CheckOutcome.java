package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

/** How one certificate's check ended, for exit codes and summaries. */
public record CheckOutcome(String certificate, Result result, String detail) {
    public CheckOutcome {
        requireNonNull(certificate, "certificate");
        requireNonNull(result, "result");
        requireNonNull(detail, "detail");
    }

    /** The kinds of ending; only FAILED counts as something wrong. */
    public enum Result {
        RENEWED,
        NOT_DUE,
        /** Due, but held back by the back-off after an earlier failure. */
        DEFERRED,
        /** Another thread or process holds this certificate's lock. */
        BUSY,
        /** Revoked on request and left in place (`revoke --no-replace`). */
        REVOKED,
        FAILED
    }

    public boolean failed() {
        return result == Result.FAILED;
    }

    /** For an operator's explicit request, a certificate that could not be worked on is a failure too. */
    public boolean notDone() {
        return result == Result.FAILED || result == Result.BUSY || result == Result.DEFERRED;
    }
}
