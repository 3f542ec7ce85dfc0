package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One certificate as {@code sidecert list} (and later the status page) shows it. */
public record CertificateStatus(
        String name,
        List<String> domains,
        Optional<String> issuer,
        Optional<Instant> notAfter,
        Optional<Instant> nextRenewal,
        Optional<String> lastResult,
        Optional<String> lastError) {

    public CertificateStatus {
        requireNonNull(name, "name");
        domains = List.copyOf(domains);
        requireNonNull(issuer, "issuer");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(nextRenewal, "nextRenewal");
        requireNonNull(lastResult, "lastResult");
        requireNonNull(lastError, "lastError");
    }
}
