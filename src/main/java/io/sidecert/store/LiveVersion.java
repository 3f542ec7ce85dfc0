package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What {@code live/<name>} shows, without its key material: all a renewal decision, a status row or the
 * shared-store watch needs. Small enough to keep for every certificate of a large installation.
 *
 * @param placeholder whether it is the self-signed stand-in written before the first issuance
 * @param issuer      the issuer's common name (e.g. "R11"), or its whole DN when it has none
 */
public record LiveVersion(String name, int version, CertificateFacts facts, boolean placeholder, String issuer) {
    public LiveVersion {
        requireNonNull(name, "name");
        requireNonNull(facts, "facts");
        requireNonNull(issuer, "issuer");
    }

    public static LiveVersion of(StoredCertificate stored) {
        return of(stored.name(), stored.version(), stored.material().leaf());
    }

    static LiveVersion of(String name, int version, X509Certificate leaf) {
        return new LiveVersion(name, version, CertificateFacts.of(leaf), Placeholders.isPlaceholder(leaf),
                issuerName(leaf.getIssuerX500Principal()));
    }

    private static String issuerName(X500Principal issuer) {
        RDN[] cns = X500Name.getInstance(issuer.getEncoded()).getRDNs(BCStyle.CN);
        return cns.length > 0 ? IETFUtils.valueToString(cns[0].getFirst().getValue()) : issuer.getName();
    }
}
