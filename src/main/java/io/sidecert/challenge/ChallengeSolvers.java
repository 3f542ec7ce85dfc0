package io.sidecert.challenge;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;

/** Picks the solver a certificate's configuration asks for. */
public final class ChallengeSolvers {
    private final ChallengeSolver http01;

    public ChallengeSolvers(ChallengeSolver http01) {
        this.http01 = requireNonNull(http01, "http01");
    }

    public ChallengeSolver forCertificate(CertificateSpec spec) {
        return switch (spec.challenge()) {
            case HTTP_01 -> http01;
        };
    }
}
