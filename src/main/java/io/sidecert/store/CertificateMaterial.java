package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain with its private key: what the CA issued, before or after it is stored.
 *
 * @param chain leaf first, then intermediates (never the root)
 */
public record CertificateMaterial(List<X509Certificate> chain, KeyPair keyPair) {
    public CertificateMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf");
        }
        requireNonNull(keyPair, "keyPair");
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public CertificateFacts facts() {
        return CertificateFacts.of(leaf());
    }
}
