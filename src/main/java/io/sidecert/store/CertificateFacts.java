package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.KeyType;
import java.math.BigInteger;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What the renewal decision needs to know about an existing certificate, free of X.509 parsing.
 *
 * @param domains the DNS subject alternative names, in certificate order
 * @param keyType empty when the key is of a type sidecert does not issue
 */
public record CertificateFacts(
        List<String> domains, Optional<KeyType> keyType, Instant notBefore, Instant notAfter, BigInteger serial) {

    public CertificateFacts {
        domains = List.copyOf(domains);
        requireNonNull(keyType, "keyType");
        requireNonNull(notBefore, "notBefore");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(serial, "serial");
    }

    public Duration lifetime() {
        return Duration.between(notBefore, notAfter);
    }

    public static CertificateFacts of(X509Certificate leaf) {
        return new CertificateFacts(
                dnsNames(leaf),
                KeyType.of(leaf.getPublicKey()),
                leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(),
                leaf.getSerialNumber());
    }

    private static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(((String) san.get(1)).toLowerCase(java.util.Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName in " + leaf.getSubjectX500Principal(), e);
        }
        return names;
    }
}
