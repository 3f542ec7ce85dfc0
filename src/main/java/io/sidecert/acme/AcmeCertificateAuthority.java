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
    private final CaRetryAfter retryAfter;

    /** @param retryAfter the Retry-After of the CA's error answers, as the sessions' HTTP client recorded them */
    public AcmeCertificateAuthority(AcmeIssuer issuer, RenewalInfoClient renewalInfo, Revoker revoker,
            ChallengeSolvers solvers, CaRetryAfter retryAfter) {
        this.issuer = requireNonNull(issuer, "issuer");
        this.renewalInfo = requireNonNull(renewalInfo, "renewalInfo");
        this.revoker = requireNonNull(revoker, "revoker");
        this.solvers = requireNonNull(solvers, "solvers");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
    }

    /** A failure the CA answered with a Retry-After (a 503 in maintenance, say) carries it, whatever the status. */
    @Override
    public IssuedCertificate issue(CertificateSpec spec, KeyPair certificateKey, Optional<X509Certificate> replacing)
            throws AcmeFailure, InterruptedException {
        retryAfter.clear();
        try {
            return issuer.issue(spec, certificateKey, replacing, solvers.forCertificate(spec));
        } catch (AcmeFailure f) {
            throw f.withRetryAfter(retryAfter.latest());
        } finally {
            retryAfter.clear();
        }
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
