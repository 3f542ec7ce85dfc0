package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One configured certificate, with every default already applied.
 *
 * @param name         the lineage name: a safe directory name under {@code live/} and {@code archive/}
 * @param domains      ASCII (punycode) names; the first is the subject
 * @param ca           the ACME directory this certificate is ordered from
 * @param renewBefore  an explicit renew-before; empty means "derive from the lifetime"
 */
public record CertificateSpec(
        String name,
        List<String> domains,
        KeyType keyType,
        boolean reuseKey,
        ChallengeType challenge,
        URI ca,
        Optional<String> profile,
        Optional<Duration> renewBefore) {

    public CertificateSpec {
        requireNonNull(name, "name");
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("certificate " + name + " has no domains");
        }
        requireNonNull(keyType, "keyType");
        requireNonNull(challenge, "challenge");
        requireNonNull(ca, "ca");
        requireNonNull(profile, "profile");
        requireNonNull(renewBefore, "renewBefore");
    }

    public String subject() {
        return domains.get(0);
    }
}
