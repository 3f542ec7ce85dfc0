package io.sidecert.testing;

import io.sidecert.config.KeyType;
import io.sidecert.store.CertificateMaterial;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests, issued by a tiny two-level CA (root, one intermediate) as a public CA would: leaf with
 * DNS SANs and server-auth usage, chain = leaf + intermediate. The CA is created once per JVM and never changes,
 * so chains from different calls verify against the same {@link #root()}.
 */
public final class TestCertificates {
    private static final Instant CA_NOT_BEFORE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant CA_NOT_AFTER = Instant.parse("2099-12-31T00:00:00Z");

    private TestCertificates() {}

    /** A leaf for {@code domains} (the first also as CN) with a fresh key of {@code type}, plus the intermediate. */
    public static CertificateMaterial issue(List<String> domains, KeyType type, Instant notBefore, Instant notAfter) {
        return issue(domains, keyPair(type), notBefore, notAfter);
    }

    /**
     * A leaf for {@code domains} with the given key, plus the intermediate: for many certificates at once (a
     * benchmark's store), which can share one key instead of generating thousands; serials still differ.
     */
    public static CertificateMaterial issue(List<String> domains, KeyPair leafKeys, Instant notBefore,
            Instant notAfter) {
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a leaf needs at least one domain");
        }
        boolean rsa = leafKeys.getPublic().getAlgorithm().equals("RSA");
        Authority intermediate = Authority.INTERMEDIATE;
        X509Certificate leaf = build(intermediate, new X500Name("CN=" + domains.get(0)), leafKeys.getPublic(),
                notBefore, notAfter, builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    int usage = KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    GeneralName[] names = domains.stream()
                            .map(d -> new GeneralName(GeneralName.dNSName, d))
                            .toArray(GeneralName[]::new);
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
                });
        return new CertificateMaterial(List.of(leaf, intermediate.certificate), leafKeys);
    }

    /** An EC P-256 leaf for {@code domains}, valid from an hour ago for 90 days. */
    public static CertificateMaterial issue(String... domains) {
        Instant now = Instant.now();
        return issue(List.of(domains), KeyType.EC_P256, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90)));
    }

    /** The self-signed root that every issued chain leads to; not part of the chain, as with a public CA. */
    public static X509Certificate root() {
        return Authority.ROOT.certificate;
    }

    public static X509Certificate intermediate() {
        return Authority.INTERMEDIATE.certificate;
    }

    /** A fresh key pair of {@code type}. */
    public static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.isRsa() ? "RSA" : "EC");
            if (type.isRsa()) {
                generator.initialize(type.size());
            } else {
                generator.initialize(new ECGenParameterSpec(type == KeyType.EC_P256 ? "secp256r1" : "secp384r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot generate " + type.configName() + " keys", e);
        }
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws CertIOException, GeneralSecurityException;
    }

    private static X509Certificate build(Authority issuer, X500Name subject, PublicKey subjectKey, Instant notBefore,
            Instant notAfter, Extensions extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer.name,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer.certificate));
            extensions.add(builder);
            return sign(builder, issuer.keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    /** A CA certificate and its key; the two instances are created on first use, then never change. */
    private static final class Authority {
        static final Authority ROOT = selfSigned("CN=sidecert test root");
        static final Authority INTERMEDIATE = issuedBy(ROOT, "CN=sidecert test intermediate");

        final X500Name name;
        final KeyPair keys;
        final X509Certificate certificate;

        private Authority(X500Name name, KeyPair keys, X509Certificate certificate) {
            this.name = name;
            this.keys = keys;
            this.certificate = certificate;
        }

        private static Authority selfSigned(String subject) {
            X500Name name = new X500Name(subject);
            KeyPair keys = keyPair(KeyType.EC_P256);
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                        Date.from(CA_NOT_BEFORE), Date.from(CA_NOT_AFTER), name, keys.getPublic());
                addCaExtensions(builder, keys.getPublic());
                return new Authority(name, keys, sign(builder, keys.getPrivate()));
            } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot create the test root", e);
            }
        }

        private static Authority issuedBy(Authority parent, String subject) {
            X500Name name = new X500Name(subject);
            KeyPair keys = keyPair(KeyType.EC_P256);
            X509Certificate certificate = build(parent, name, keys.getPublic(), CA_NOT_BEFORE, CA_NOT_AFTER,
                    builder -> {
                        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                        builder.addExtension(Extension.keyUsage, true,
                                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                    });
            return new Authority(name, keys, certificate);
        }

        private static void addCaExtensions(X509v3CertificateBuilder builder, PublicKey key)
                throws GeneralSecurityException, CertIOException {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key));
        }
    }
}
