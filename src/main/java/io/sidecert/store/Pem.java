package io.sidecert.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM as proxies and certbot use it: certificate lists, and private keys written as PKCS#8 but read in any of the
 * unencrypted forms found on existing volumes (PKCS#8, OpenSSL's "EC PRIVATE KEY" and "RSA PRIVATE KEY").
 */
public final class Pem {

    private Pem() {}

    /** The certificates as consecutive {@code CERTIFICATE} blocks; the empty string for an empty list. */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(new PemObject("CERTIFICATE", encoded(certificate)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    /** The key as a PKCS#8 {@code PRIVATE KEY} block, the form every current TLS server reads. */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat())) {
            throw new IllegalArgumentException("a " + key.getAlgorithm() + " key in format " + key.getFormat()
                    + " cannot be written as PKCS#8: it must be an exportable software key");
        }
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toString();
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return readCertificates(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Every certificate in {@code pem}, in order; fails on any other kind of block. */
    public static List<X509Certificate> readCertificates(String pem) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new PEMException("expected only certificates, found " + describe(object));
                }
                certificates.add(certificate(holder));
            }
        }
        return List.copyOf(certificates);
    }

    /**
     * The first certificate of a PEM file (the leaf of a {@code fullchain.pem}), parsed once by the JDK and
     * without reading further.
     */
    public static X509Certificate readFirstCertificate(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (CertificateException e) {
            throw new IOException("no certificate at its start: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** The one private key in {@code pem}; EC parameter blocks, which {@code openssl ecparam} adds, are skipped. */
    public static PrivateKey readPrivateKey(String pem) throws IOException {
        Optional<PrivateKey> key = Optional.empty();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
                    continue;
                }
                if (key.isPresent()) {
                    throw new PEMException("expected one private key, found another block: " + describe(object));
                }
                key = Optional.of(privateKey(object));
            }
        }
        return key.orElseThrow(() -> new PEMException("no private key found"));
    }

    /**
     * The key pair of a stored certificate: the private key from its file, the public key from the leaf.
     *
     * @throws InvalidKeyException when the private key does not belong to the leaf's public key
     */
    public static KeyPair keyPair(PrivateKey key, X509Certificate leaf) throws InvalidKeyException {
        PublicKey publicKey = leaf.getPublicKey();
        if (!matches(key, publicKey)) {
            throw new InvalidKeyException("the " + key.getAlgorithm() + " private key does not belong to the "
                    + "certificate " + leaf.getSubjectX500Principal()
                    + " (serial " + leaf.getSerialNumber().toString(16) + ")");
        }
        return new KeyPair(publicKey, key);
    }

    /** Whether {@code key} is the private half of {@code publicKey}. */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        if (key instanceof RSAKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            // The modulus identifies an RSA key pair, and comparing it is far cheaper than an RSA signature.
            return rsa.getModulus().equals(rsaPublic.getModulus());
        }
        if (key instanceof ECPrivateKey ec && publicKey instanceof ECPublicKey ecPublic) {
            Optional<Boolean> derived = EcPublicPoints.matches(ec, ecPublic);
            if (derived.isPresent()) {
                return derived.get();
            }
        }
        return signatureAlgorithm(key).map(algorithm -> verifies(algorithm, key, publicKey)).orElse(false);
    }

    private static Optional<String> signatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> Optional.of("SHA256withECDSA");
            case "Ed25519", "Ed448", "EdDSA" -> Optional.of(key.getAlgorithm());
            default -> Optional.empty();
        };
    }

    // For keys without a cheap structural comparison: a signature only verifies with the matching public key.
    private static boolean verifies(String algorithm, PrivateKey key, PublicKey publicKey) {
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether the private key in {@code file} belongs to {@code leaf}, as cheaply as that can be told: an EC key
     * whose file carries its public point (OpenSSL, certbot and sidecert write it there) is compared with the
     * leaf's point byte for byte; any other key is read and matched as {@link #keyPair} does.
     */
    public static boolean keyBelongsTo(Path file, X509Certificate leaf) throws IOException {
        Object key = keyObject(Files.readString(file, StandardCharsets.US_ASCII));
        Optional<byte[]> embedded = embeddedEcPoint(key);
        if (embedded.isPresent()) {
            byte[] leafPoint = SubjectPublicKeyInfo.getInstance(leaf.getPublicKey().getEncoded()).getPublicKeyData()
                    .getOctets();
            return java.util.Arrays.equals(embedded.get(), leafPoint);
        }
        return matches(privateKey(key), leaf.getPublicKey());
    }

    private static Object keyObject(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (!(object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters)) {
                    return object;
                }
            }
        }
        throw new PEMException("no private key found");
    }

    private static Optional<byte[]> embeddedEcPoint(Object key) throws IOException {
        PrivateKeyInfo info = key instanceof PEMKeyPair pair ? pair.getPrivateKeyInfo()
                : key instanceof PrivateKeyInfo direct ? direct : null;
        if (info == null || !X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            return Optional.empty();
        }
        ASN1BitString point = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getPublicKey();
        return Optional.ofNullable(point).map(ASN1BitString::getOctets);
    }

    private static PrivateKey privateKey(Object object) throws PEMException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (object instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        if (object instanceof PEMKeyPair pair) {
            // Not getKeyPair(): the public key is optional in "EC PRIVATE KEY", and the leaf supplies it anyway.
            return converter.getPrivateKey(pair.getPrivateKeyInfo());
        }
        throw new PEMException("expected an unencrypted private key, found " + describe(object)
                + " (encrypted keys are not supported: decrypt it with openssl pkey)");
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws PEMException {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PEMException("unreadable certificate " + holder.getSubject() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
