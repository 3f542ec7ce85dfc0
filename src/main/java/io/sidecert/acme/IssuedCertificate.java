package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertificateMaterial;
import java.util.Optional;

/**
 * What an order produced.
 *
 * @param replaced the ARI certificate ID of the predecessor, when the CA accepted the order as its
 *                 replacement (Let's Encrypt then exempts it from rate limits)
 */
public record IssuedCertificate(CertificateMaterial material, Optional<String> replaced) {
    public IssuedCertificate {
        requireNonNull(material, "material");
        requireNonNull(replaced, "replaced");
    }
}
