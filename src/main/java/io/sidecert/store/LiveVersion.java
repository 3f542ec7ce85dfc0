package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import javax.naming.InvalidNameException;
import javax.security.auth.x500.X500Principal;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * What {@code live/<name>} shows, without its key material: all a renewal decision, a status row or the
 * shared-store watch needs. Small enough to keep for every certificate of a large installation.
 *
 * @param placeholder whether it is the self-signed stand-in written before the first issuance
 * @param issuerDn    the issuer's distinguished name
 */
public record LiveVersion(String name, int version, CertificateFacts facts, boolean placeholder,
        X500Principal issuerDn) {
    public LiveVersion {
        requireNonNull(name, "name");
        requireNonNull(facts, "facts");
        requireNonNull(issuerDn, "issuerDn");
    }

    public static LiveVersion of(StoredCertificate stored) {
        return new LiveVersion(stored.name(), stored.version(), stored.facts(), stored.isPlaceholder(),
                stored.material().leaf().getIssuerX500Principal());
    }

    /** The issuer's common name (e.g. "R11"), or its whole DN when it has none; worked out when asked. */
    public String issuer() {
        return issuerName(issuerDn.getName());
    }

    static String issuerName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the raw DN
        }
        return dn;
    }
}
