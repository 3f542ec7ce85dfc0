package io.sidecert.store;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed stand-in for a certificate that has not been issued yet.
 *
 * <p>A proxy whose configuration names {@code live/<name>/fullchain.pem} refuses to start while the file is
 * missing, and the first HTTP-01 challenge needs that proxy running. So before the first issuance sidecert
 * stores a placeholder for the configured names; the proxy starts with its final configuration and the real
 * certificate replaces the placeholder like any renewal. A placeholder is recognised by its subject and issuer
 * ({@value #COMMON_NAME}), and the renewal engine treats it as no certificate at all.
 */
public final class Placeholders {
    /** The CN of a placeholder's subject and issuer: what {@link #isPlaceholder} looks for. */
    public static final String COMMON_NAME = "sidecert placeholder";

    // Long enough that a proxy never sees it expire while sidecert keeps failing to get the real one.
    private static final Duration LIFETIME = Duration.ofDays(365);
    private static final X500Name NAME = new X500Name("CN=" + COMMON_NAME);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Placeholders() {
    }

    /** A fresh EC P-256 key and a self-signed certificate for {@code domains}, valid from an hour before now. */
    public static CertificateMaterial create(List<String> domains, Instant now) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a placeholder needs at least one domain");
        }
        KeyPair key = ecKey();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(NAME,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(LIFETIME)), NAME, key.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(domains.stream()
                    .map(domain -> new GeneralName(GeneralName.dNSName, domain))
                    .toArray(GeneralName[]::new)));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
            return new CertificateMaterial(List.of(certificate), key);
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a placeholder certificate for " + domains, e);
        }
    }

    /** Whether {@code leaf} is a placeholder that sidecert wrote, i.e. no real certificate. */
    public static boolean isPlaceholder(X509Certificate leaf) {
        return X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).equals(NAME)
                && X500Name.getInstance(leaf.getIssuerX500Principal().getEncoded()).equals(NAME);
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate EC P-256 keys", e);
        }
    }
}
