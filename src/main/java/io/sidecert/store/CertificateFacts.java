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
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What the renewal decision needs to know about an existing certificate, free of X.509 parsing.
 *
 * @param domains    the DNS subject alternative names, in certificate order (CAs such as Let's Encrypt sort
 *                   them, so this order says nothing about which name was requested first)
 * @param commonName the subject's CN, lower case; empty when the CA left it out (Let's Encrypt's
 *                   {@code tlsserver} and {@code shortlived} profiles do)
 * @param keyType    empty when the key is of a type sidecert does not issue
 */
public record CertificateFacts(
        List<String> domains,
        Optional<String> commonName,
        Optional<KeyType> keyType,
        Instant notBefore,
        Instant notAfter,
        BigInteger serial) {

    public CertificateFacts {
        domains = List.copyOf(domains);
        requireNonNull(commonName, "commonName");
        requireNonNull(keyType, "keyType");
        requireNonNull(notBefore, "notBefore");
        requireNonNull(notAfter, "notAfter");
        requireNonNull(serial, "serial");
    }

    /** Facts of a certificate whose subject has no common name. */
    public CertificateFacts(
            List<String> domains, Optional<KeyType> keyType, Instant notBefore, Instant notAfter, BigInteger serial) {
        this(domains, Optional.empty(), keyType, notBefore, notAfter, serial);
    }

    public Duration lifetime() {
        return Duration.between(notBefore, notAfter);
    }

    public static CertificateFacts of(X509Certificate leaf) {
        return new CertificateFacts(
                dnsNames(leaf),
                commonName(leaf),
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
                        names.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("unreadable subjectAltName in " + leaf.getSubjectX500Principal(), e);
        }
        return names;
    }

    private static Optional<String> commonName(X509Certificate leaf) {
        RDN[] cns = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()).toLowerCase(Locale.ROOT));
    }
}
