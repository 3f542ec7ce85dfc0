package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One certificate as {@code sidecert list}, the status page, the metrics and the alerts see it.
 *
 * @param nextRenewal         when a renewal will next be attempted (the renewal point, after a back-off or the
 *                            CA's Retry-After, or when the order budget allows)
 * @param nextAction          the next thing planned for the certificate and its time: the next renewal, or an
 *                            earlier question to the CA about its renewal window (ARI)
 * @param notBefore           the stored certificate's start of validity
 * @param renewalPoint        when the stored certificate becomes (or became) due, by the renewal policy
 * @param lastAttempt         when sidecert last tried to renew it
 * @param lastSuccess         when it was last renewed
 * @param consecutiveFailures failed attempts since the last success
 * @param standing            what the stored files are: a real certificate, a placeholder, a revoked one, or a
 *                            certificate no longer configured
 */
public record CertificateStatus(
        String name,
        List<String> domains,
        Optional<String> issuer,
        Optional<Instant> notAfter,
        Optional<Instant> nextRenewal,
        Optional<String> lastResult,
        Optional<String> lastError,
        Optional<Instant> notBefore,
        Optional<Instant> renewalPoint,
        Optional<Instant> lastAttempt,
        Optional<Instant> lastSuccess,
        int consecutiveFailures,
        Optional<NextAction> nextAction,
        Standing standing) {

    public CertificateStatus {
        requireNonNull(name, "name");
        domains = List.copyOf(domains);
        requireNonNull(issuer, "issuer");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(nextRenewal, "nextRenewal");
        requireNonNull(lastResult, "lastResult");
        requireNonNull(lastError, "lastError");
        requireNonNull(notBefore, "notBefore");
        requireNonNull(renewalPoint, "renewalPoint");
        requireNonNull(lastAttempt, "lastAttempt");
        requireNonNull(lastSuccess, "lastSuccess");
        requireNonNull(nextAction, "nextAction");
        requireNonNull(standing, "standing");
    }

    /** A configured certificate's row, its standing taken from whether anything is stored. */
    public CertificateStatus(String name, List<String> domains, Optional<String> issuer, Optional<Instant> notAfter,
            Optional<Instant> nextRenewal, Optional<String> lastResult, Optional<String> lastError,
            Optional<Instant> notBefore, Optional<Instant> renewalPoint, Optional<Instant> lastAttempt,
            Optional<Instant> lastSuccess, int consecutiveFailures, Optional<NextAction> nextAction) {
        this(name, domains, issuer, notAfter, nextRenewal, lastResult, lastError, notBefore, renewalPoint, lastAttempt,
                lastSuccess, consecutiveFailures, nextAction, notAfter.isPresent() ? Standing.ISSUED : Standing.NONE);
    }

    /** What is stored under a certificate's name, as {@code list} and the status page tell them apart. */
    public enum Standing {
        /** A certificate from the CA, configured. */
        ISSUED("issued"),
        /** Nothing stored yet. */
        NONE("none"),
        /** The self-signed stand-in written before the first issuance. */
        PLACEHOLDER("placeholder"),
        /** Revoked through sidecert and still live until its replacement is stored. */
        REVOKED("revoked"),
        /** Stored, but no longer in the configuration: kept, never renewed, no alerts. */
        NOT_CONFIGURED("not configured");

        private final String label;

        Standing(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A row without a planned action (nothing is known of the next step). */
    public CertificateStatus(String name, List<String> domains, Optional<String> issuer, Optional<Instant> notAfter,
            Optional<Instant> nextRenewal, Optional<String> lastResult, Optional<String> lastError,
            Optional<Instant> notBefore, Optional<Instant> renewalPoint, Optional<Instant> lastAttempt,
            Optional<Instant> lastSuccess, int consecutiveFailures) {
        this(name, domains, issuer, notAfter, nextRenewal, lastResult, lastError, notBefore, renewalPoint, lastAttempt,
                lastSuccess, consecutiveFailures, Optional.empty());
    }

    /** Whether the last attempt failed. */
    public boolean failing() {
        return lastResult.filter("failed"::equals).isPresent();
    }
}
