package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.config.CertificateSpec;
import java.util.Map;

/**
 * The DNS-01 solver of each certificate: the provider it names in {@code dns-provider}, its challenge alias,
 * and the lookups and propagation check that all certificates share.
 */
public final class Dns01Solvers {
    private final Map<String, DnsProvider> providers;
    private final DnsClient dns;
    private final PropagationCheck propagation;

    /** @param providers by the names certificates use in {@code dns-provider} */
    public Dns01Solvers(Map<String, DnsProvider> providers, DnsClient dns, PropagationCheck propagation) {
        this.providers = Map.copyOf(providers);
        this.dns = requireNonNull(dns, "dns");
        this.propagation = requireNonNull(propagation, "propagation");
    }

    /** @throws IllegalStateException when the certificate names no configured provider (the loader rejects that) */
    public ChallengeSolver forCertificate(CertificateSpec spec) {
        String name = spec.dnsProvider().orElseThrow(() -> new IllegalStateException(
                "[" + spec.name() + "] dns-01 without a dns-provider passed validation"));
        DnsProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalStateException("[" + spec.name() + "] dns-provider " + name + " is not configured");
        }
        return new Dns01Solver(name, provider, spec.challengeAlias(), dns, propagation);
    }
}
