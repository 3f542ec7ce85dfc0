package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a certificate should be renewed now, and why: what the orchestrator acts on, the status page shows
 * and the log explains.
 *
 * @param reason  the first rule that made the certificate due, or {@link Reason#NOT_DUE}
 * @param renewAt when it became due (at or before now), or for {@link Reason#NOT_DUE} when it will be
 * @param detail  the reason in words, naming the values that led to it
 * @param warning a configuration problem worth telling the operator about, though the decision stands
 */
public record RenewalDecision(Reason reason, Instant renewAt, String detail, Optional<String> warning) {

    public RenewalDecision {
        requireNonNull(reason, "reason");
        requireNonNull(renewAt, "renewAt");
        requireNonNull(detail, "detail");
        requireNonNull(warning, "warning");
    }

    public boolean due() {
        return reason != Reason.NOT_DUE;
    }

    /** One line for logs and the status page, such as "due: names changed (...)"; the warning is separate. */
    public String describe() {
        return (due() ? "due: " : "not due: ") + detail;
    }

    /** Why a certificate is due, in the order the rules are tried. */
    public enum Reason {
        NO_CERTIFICATE,
        NAMES_CHANGED,
        KEY_TYPE_CHANGED,
        EXPIRED,
        ARI_WINDOW_OPEN,
        EXPIRING,
        NOT_DUE
    }
}
