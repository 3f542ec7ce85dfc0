package io.sidecert.challenge;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import java.util.function.Function;

/** Picks the solver a certificate's configuration asks for. */
public final class ChallengeSolvers {
    private final ChallengeSolver http01;
    private final Function<CertificateSpec, ChallengeSolver> dns01;

    /** For configurations without DNS-01 (the loader rejects dns-01 without a provider). */
    public ChallengeSolvers(ChallengeSolver http01) {
        this(http01, spec -> {
            throw new IllegalStateException("[" + spec.name() + "] dns-01 is configured, but no DNS-01 solver is wired");
        });
    }

    /** @param dns01 the DNS-01 solver of a certificate, through the provider it names */
    public ChallengeSolvers(ChallengeSolver http01, Function<CertificateSpec, ChallengeSolver> dns01) {
        this.http01 = requireNonNull(http01, "http01");
        this.dns01 = requireNonNull(dns01, "dns01");
    }

    public ChallengeSolver forCertificate(CertificateSpec spec) {
        return switch (spec.challenge()) {
            case HTTP_01 -> http01;
            case DNS_01 -> dns01.apply(spec);
        };
    }
}
