package io.sidecert.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * The TLS identity of Pebble's own listeners (ACME and management): a throw-away CA and a server
 * certificate for {@code localhost}, {@code pebble} and {@code 127.0.0.1}, made fresh for each Pebble.
 * Also usable for any other local HTTPS server a test needs.
 *
 * <p>The Debian package ships no listener certificate, and acme4j's bundled {@code pebble.minica.pem}
 * belongs to a key we do not have, so we make our own.
 *
 * @param ca          the self-signed CA that signed {@code certificate}
 * @param certificate the server certificate
 * @param privateKey  the server certificate's key (EC P-256)
 */
public record ListenerTls(X509Certificate ca, X509Certificate certificate, PrivateKey privateKey) {

    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ListenerTls generate() {
        try {
            KeyPair caKey = ecKey();
            X509Certificate ca = caCertificate(caKey);
            KeyPair serverKey = ecKey();
            return new ListenerTls(ca, serverCertificate(serverKey, ca, caKey), serverKey.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make Pebble's listener certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String caPem() {
        return pem(ca);
    }

    public String certificatePem() {
        return pem(certificate);
    }

    /** The key in PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which Go's TLS stack reads. */
    public String privateKeyPem() {
        try {
            return pem(new JcaPKCS8Generator(privateKey, null));
        } catch (PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server key and chain as a PKCS#12 key store (password {@code "changeit"}), for JDK servers. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, "changeit".toCharArray(),
                    new java.security.cert.Certificate[] {certificate, ca});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a key store", e);
        }
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair key)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X500Name name = new X500Name("CN=sidecert test Pebble listener CA");
        X509v3CertificateBuilder builder = builder(name, name, key);
        var extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(key.getPublic()));
        return sign(builder, key);
    }

    private static X509Certificate serverCertificate(KeyPair key, X509Certificate ca, KeyPair caKey)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        X509v3CertificateBuilder builder =
                builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), new X500Name("CN=pebble"),
                        key);
        var extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.dNSName, "pebble"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        }));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(ca));
        return sign(builder, caKey);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LIFETIME)), subject, key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException, OperatorCreationException {
        var signed = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(signed);
    }

    /** A certificate, or anything else Bouncy Castle can write, as PEM text. */
    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PemObjectGenerator generator) {
                writer.writeObject(generator);
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PEM", e);
        }
        return out.toString();
    }
}
