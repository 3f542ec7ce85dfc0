package io.sidecert.store;

import static java.util.Objects.requireNonNull;

/**
 * The version of a certificate that {@code live/<name>} points to.
 *
 * @param version the archive version number (certbot's {@code cert7.pem} is version 7)
 */
public record StoredCertificate(String name, int version, CertificateMaterial material) {
    public StoredCertificate {
        requireNonNull(name, "name");
        requireNonNull(material, "material");
    }

    public CertificateFacts facts() {
        return material.facts();
    }

    /** Whether this is the self-signed stand-in written before the first issuance: no real certificate. */
    public boolean isPlaceholder() {
        return Placeholders.isPlaceholder(material.leaf());
    }
}
