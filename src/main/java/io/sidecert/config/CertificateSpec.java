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
 * @param dnsProvider  for DNS-01: the name of the entry of {@code dns-providers} that writes the TXT records
 * @param challengeAlias for DNS-01: write every TXT record at {@code _acme-challenge.<alias>} instead of under
 *                     each name (the names' {@code _acme-challenge} must be CNAMEs to it, for the CA)
 */
public record CertificateSpec(
        String name,
        List<String> domains,
        KeyType keyType,
        boolean reuseKey,
        ChallengeType challenge,
        URI ca,
        Optional<String> profile,
        Optional<Duration> renewBefore,
        Optional<String> dnsProvider,
        Optional<String> challengeAlias) {

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
        requireNonNull(dnsProvider, "dnsProvider");
        requireNonNull(challengeAlias, "challengeAlias");
    }

    /** A certificate proven over HTTP-01 (or any challenge that needs no DNS settings). */
    public CertificateSpec(String name, List<String> domains, KeyType keyType, boolean reuseKey,
            ChallengeType challenge, URI ca, Optional<String> profile, Optional<Duration> renewBefore) {
        this(name, domains, keyType, reuseKey, challenge, ca, profile, renewBefore, Optional.empty(), Optional.empty());
    }

    public String subject() {
        return domains.get(0);
    }
}
