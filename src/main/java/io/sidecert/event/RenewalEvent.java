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

    /**
     * The shared store holds a version this sidecert did not store: another node renewed it (Swarm, NFS). The
     * local proxy still needs to load it.
     */
    record StoredElsewhere(String certificate, List<String> domains, BigInteger serial, int version)
            implements RenewalEvent {
        public StoredElsewhere {
            requireNonNull(certificate, "certificate");
            domains = List.copyOf(domains);
            requireNonNull(serial, "serial");
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

    /**
     * Due, but the account's order budget is spent for now (a first issuance among many): ordered at
     * {@code until}, when the budget allows. Not a failure.
     */
    record WaitingForBudget(String certificate, Instant until) implements RenewalEvent {
        public WaitingForBudget {
            requireNonNull(certificate, "certificate");
            requireNonNull(until, "until");
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

    /**
     * A certificate found in the store is no longer in the configuration: its files are kept and never renewed.
     * Raised once per certificate and process.
     */
    record NoLongerConfigured(String certificate) implements RenewalEvent {
        public NoLongerConfigured {
            requireNonNull(certificate, "certificate");
        }
    }

    /**
     * A new entry took over the stored certificate of one no longer configured with the same names (a rename): its
     * certificate, key and state moved to the new name, with no new order.
     *
     * @param from the name the certificate was stored under, whose files are now removed
     */
    record TakenOver(String certificate, String from, BigInteger serial, int version) implements RenewalEvent {
        public TakenOver {
            requireNonNull(certificate, "certificate");
            requireNonNull(from, "from");
            requireNonNull(serial, "serial");
        }
    }

    /** A certificate no longer configured was deleted: its files and state are gone. */
    record Deleted(String certificate, List<String> removed) implements RenewalEvent {
        public Deleted {
            requireNonNull(certificate, "certificate");
            removed = List.copyOf(removed);
        }
    }

    /** A configuration value was adjusted so that it makes sense (e.g. a renew-before over half the lifetime). */
    record Warning(String certificate, String message) implements RenewalEvent {
        public Warning {
            requireNonNull(certificate, "certificate");
            requireNonNull(message, "message");
        }
    }

    /**
     * A proxy container was told to load the renewed certificates, after its config test passed (where it has
     * one). {@code certificate} is empty: one reload serves all of {@code certificates}.
     *
     * @param target the container's name
     * @param how    what was done, e.g. {@code `nginx -t` passed, sent SIGHUP}
     */
    record Reloaded(String target, List<String> certificates, String how) implements RenewalEvent {
        public Reloaded {
            requireNonNull(target, "target");
            certificates = List.copyOf(certificates);
            requireNonNull(how, "how");
        }

        @Override
        public String certificate() {
            return "";
        }
    }

    /**
     * A proxy could not be told about new certificates, or cannot be found: its config test failed (then it
     * was not signalled), the container is missing or stopped, or Docker cannot be reached. The certificates
     * stay in the store, and a failed reload is tried again at the next check. {@code certificate} is empty.
     *
     * @param target       the container's name; the configured selector when none matched (e.g.
     *                     {@code label sidecert.reload=true}); {@code docker} when the engine is unreachable
     * @param reason       one line saying what went wrong and what to do
     * @param certificates the renewed certificates it has not loaded; empty when none was waiting
     */
    record ReloadFailed(String target, String reason, List<String> certificates) implements RenewalEvent {
        public ReloadFailed {
            requireNonNull(target, "target");
            requireNonNull(reason, "reason");
            certificates = List.copyOf(certificates);
        }

        @Override
        public String certificate() {
            return "";
        }
    }

    /**
     * What a reloaded proxy serves for a renewed certificate, seen through a TLS handshake with its name (SNI).
     *
     * @param ok     the served leaf has the new serial; false when it still served another after the time allowed
     * @param detail the serial seen and where, or why nothing could be seen
     */
    record ServedCertificate(String target, String certificate, boolean ok, String detail) implements RenewalEvent {
        public ServedCertificate {
            requireNonNull(target, "target");
            requireNonNull(certificate, "certificate");
            requireNonNull(detail, "detail");
        }
    }

    /**
     * A whole pass over all certificates finished. {@code certificate} is empty for this event.
     *
     * @param next the certificate whose planned action comes first, and that action, e.g. "shop: renew at ..."
     */
    record CheckCompleted(int renewed, int failed, int total, Duration took, Optional<String> next)
            implements RenewalEvent {
        public CheckCompleted {
            requireNonNull(took, "took");
            requireNonNull(next, "next");
        }

        /** A pass with nothing planned to report. */
        public CheckCompleted(int renewed, int failed, int total, Duration took) {
            this(renewed, failed, total, took, Optional.empty());
        }

        @Override
        public String certificate() {
            return "";
        }
    }
}
