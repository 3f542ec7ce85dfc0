package io.sidecert.renew;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateMaterial;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Checks what the CA sent before it goes anywhere near the proxy: the names asked for, our key, a chain
 * whose every link is signed by the next, and a validity that includes now. A proxy fed a wrong
 * certificate fails for every visitor; a refused one fails for nobody.
 */
final class IssuedCertificateCheck {
    private IssuedCertificateCheck() {
    }

    /** A description of what is wrong, or empty when the material is fit to store. */
    static Optional<String> problem(CertificateSpec spec, CertificateMaterial material, Instant now) {
        CertificateFacts facts = material.facts();
        if (!new HashSet<>(facts.domains()).equals(new HashSet<>(spec.domains()))) {
            return Optional.of("the CA issued for " + facts.domains() + " but " + spec.domains() + " was asked");
        }
        if (!material.leaf().getPublicKey().equals(material.keyPair().getPublic())) {
            return Optional.of("the certificate's public key is not the key sidecert sent");
        }
        if (now.isBefore(facts.notBefore().minusSeconds(300)) || !now.isBefore(facts.notAfter())) {
            return Optional.of("the certificate is not valid now (" + facts.notBefore() + " .. " + facts.notAfter() + ")");
        }
        return chainProblem(material.chain());
    }

    private static Optional<String> chainProblem(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            try {
                chain.get(i).verify(chain.get(i + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                return Optional.of("chain link " + i + " (" + chain.get(i).getSubjectX500Principal()
                        + ") is not signed by the next certificate: " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
