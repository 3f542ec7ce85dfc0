package io.sidecert.acme;

import io.sidecert.config.CertificateSpec;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;

/**
 * The seam between the renewal cycle and the CA: what the cycle asks of an ACME CA, and nothing of how.
 * {@link AcmeCertificateAuthority} speaks ACME through acme4j; tests of the cycle use a fake that issues from
 * a local CA, so every path of the cycle has a fast test beside the ones against Pebble.
 */
public interface CertificateAuthority {

    /**
     * Orders and downloads a certificate for the spec's names, signed for {@code certificateKey}, solving the
     * challenges the spec asks for.
     *
     * @param replacing the certificate this one renews; sent as ARI {@code replaces} where the CA supports it
     */
    IssuedCertificate issue(CertificateSpec spec, KeyPair certificateKey, Optional<X509Certificate> replacing)
            throws AcmeFailure, InterruptedException;

    /** The CA's suggested renewal window for {@code certificate}; empty when the CA does not offer ARI. */
    Optional<RenewalInfoClient.Answer> renewalInfo(CertificateSpec spec, X509Certificate certificate)
            throws AcmeFailure;

    /** Revokes {@code certificate} with the account of the spec's CA. */
    void revoke(CertificateSpec spec, X509Certificate certificate, RevocationReason reason) throws AcmeFailure;
}
