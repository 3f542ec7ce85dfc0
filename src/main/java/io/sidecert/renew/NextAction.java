package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * The one next instant at which something must happen to a certificate, and what: the daemon keeps the
 * certificate's own trigger at {@link #at}, and {@code list} and {@code /status} show it.
 */
public record NextAction(Kind kind, Instant at) {
    public NextAction {
        requireNonNull(kind, "kind");
        requireNonNull(at, "at");
    }

    /** What is planned. */
    public enum Kind {
        /** Renew: the renewal point (lifetime rule or the CA's ARI window), or now when due. */
        RENEW,
        /** Try again when the back-off after a failure ends. */
        RETRY,
        /** Try again when the CA's Retry-After ends. */
        CA_RETRY_AFTER,
        /** Ask the CA for its renewal window again (ARI). */
        ASK_RENEWAL_INFO,
        /** Order when the account's order budget allows; not a failure. */
        WAIT_FOR_BUDGET,
        /** Look again: another process held the certificate's lock. */
        LOOK_AGAIN;

        /** As shown in {@code list} and {@code /status}: {@code renew}, {@code retry}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The earlier of the two; on a tie, this one. */
    NextAction orEarlier(NextAction other) {
        return other.at.isBefore(at) ? other : this;
    }

    /** E.g. {@code renew at 2026-12-01 10:00 UTC}. */
    public String describe() {
        return kind.label() + " at " + TimeText.instant(at);
    }
}
