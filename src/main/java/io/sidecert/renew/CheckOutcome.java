package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.LiveVersion;
import java.util.Optional;

/**
 * How one certificate's check ended, for exit codes, summaries and the daemon's plan.
 *
 * @param next   when something must happen to this certificate next; empty when nothing can be planned (its lock
 *               could not be taken because the state directory is broken: the safety pass tries again)
 * @param stored the version this check stored, which the proxies must load
 */
public record CheckOutcome(String certificate, Result result, String detail, Optional<NextAction> next,
        Optional<LiveVersion> stored) {
    public CheckOutcome {
        requireNonNull(certificate, "certificate");
        requireNonNull(result, "result");
        requireNonNull(detail, "detail");
        requireNonNull(next, "next");
        requireNonNull(stored, "stored");
    }

    static CheckOutcome of(String certificate, Result result, String detail, NextAction next) {
        return new CheckOutcome(certificate, result, detail, Optional.of(next), Optional.empty());
    }

    static CheckOutcome unplanned(String certificate, Result result, String detail) {
        return new CheckOutcome(certificate, result, detail, Optional.empty(), Optional.empty());
    }

    static CheckOutcome renewed(LiveVersion stored, NextAction next) {
        return new CheckOutcome(stored.name(), Result.RENEWED, "version " + stored.version(), Optional.of(next),
                Optional.of(stored));
    }

    /** The kinds of ending; only FAILED counts as something wrong. */
    public enum Result {
        RENEWED,
        NOT_DUE,
        /** Due, but held back by the back-off after an earlier failure. */
        DEFERRED,
        /** Due, but the account's order budget is spent for now; planned when it allows. Not a failure. */
        WAITING,
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
        return result == Result.FAILED || result == Result.BUSY || result == Result.DEFERRED
                || result == Result.WAITING;
    }
}
