package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.ChallengeSolvers;
import io.sidecert.config.CertificateSpec;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;

/** The CA over ACME (acme4j): orders with the solver each certificate's configuration names. */
public final class AcmeCertificateAuthority implements CertificateAuthority {
    private final AcmeIssuer issuer;
    private final RenewalInfoClient renewalInfo;
    private final Revoker revoker;
    private final ChallengeSolvers solvers;

    public AcmeCertificateAuthority(AcmeIssuer issuer, RenewalInfoClient renewalInfo, Revoker revoker,
            ChallengeSolvers solvers) {
        this.issuer = requireNonNull(issuer, "issuer");
        this.renewalInfo = requireNonNull(renewalInfo, "renewalInfo");
        this.revoker = requireNonNull(revoker, "revoker");
        this.solvers = requireNonNull(solvers, "solvers");
    }

    @Override
    public IssuedCertificate issue(CertificateSpec spec, KeyPair certificateKey, Optional<X509Certificate> replacing)
            throws AcmeFailure, InterruptedException {
        return issuer.issue(spec, certificateKey, replacing, solvers.forCertificate(spec));
    }

    @Override
    public Optional<RenewalInfoClient.Answer> renewalInfo(CertificateSpec spec, X509Certificate certificate)
            throws AcmeFailure {
        return renewalInfo.fetch(spec, certificate);
    }

    @Override
    public void revoke(CertificateSpec spec, X509Certificate certificate, RevocationReason reason)
            throws AcmeFailure {
        revoker.revoke(spec, certificate, reason);
    }
}
