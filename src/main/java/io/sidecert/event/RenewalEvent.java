package io.sidecert.event;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened to a certificate during a check. Listeners (logs, metrics, alerts, proxy reloads) react
 * to these instead of being called from the renewal code, so adding one never touches the engine.
 */
public sealed interface RenewalEvent {

    /** The certificate's configured name. */
    String certificate();

    /**
     * A new version was stored and is live.
     *
     * @param replaced the predecessor's ARI certificate ID when the CA accepted this as its replacement
     */
    record Renewed(String certificate, List<String> domains, BigInteger serial, Instant notAfter, int version,
            String reason, Optional<String> replaced) implements RenewalEvent {
        public Renewed {
            requireNonNull(certificate, "certificate");
            domains = List.copyOf(domains);
            requireNonNull(serial, "serial");
            requireNonNull(notAfter, "notAfter");
            requireNonNull(reason, "reason");
            requireNonNull(replaced, "replaced");
        }
    }

    /** The certificate is fine; it becomes due at {@code renewAt}. */
    record NotDue(String certificate, Instant notAfter, Instant renewAt) implements RenewalEvent {
        public NotDue {
            requireNonNull(certificate, "certificate");
            requireNonNull(notAfter, "notAfter");
            requireNonNull(renewAt, "renewAt");
        }
    }

    /** Due, but an earlier failure's back-off (or the CA's Retry-After) holds the next attempt until then. */
    record Deferred(String certificate, Instant nextAttempt, String lastError) implements RenewalEvent {
        public Deferred {
            requireNonNull(certificate, "certificate");
            requireNonNull(nextAttempt, "nextAttempt");
            requireNonNull(lastError, "lastError");
        }
    }

    /** An attempt failed; {@code message} names the step and what to do. */
    record Failed(String certificate, String step, String message, int consecutiveFailures,
            Optional<Instant> nextAttempt) implements RenewalEvent {
        public Failed {
            requireNonNull(certificate, "certificate");
            requireNonNull(step, "step");
            requireNonNull(message, "message");
            requireNonNull(nextAttempt, "nextAttempt");
        }
    }

    /** A configuration value was adjusted so that it makes sense (e.g. a renew-before over half the lifetime). */
    record Warning(String certificate, String message) implements RenewalEvent {
        public Warning {
            requireNonNull(certificate, "certificate");
            requireNonNull(message, "message");
        }
    }

    /** A whole pass over all certificates finished. {@code certificate} is empty for this event. */
    record CheckCompleted(int renewed, int failed, int total, Duration took) implements RenewalEvent {
        @Override
        public String certificate() {
            return "";
        }
    }
}
