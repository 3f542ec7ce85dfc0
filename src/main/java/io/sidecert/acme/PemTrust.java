package io.sidecert.acme;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * TLS trust for talking to a CA whose own HTTPS certificate is not signed by a public root: a private
 * ACME server, or Pebble in tests.
 *
 * <p>The certificates of a PEM file are trusted <em>in addition to</em> the JDK's default roots, so a
 * {@code trust-pem} that turns out unnecessary never breaks a CA with a public certificate. The result
 * is a fresh {@link SSLContext}; nothing JVM-global ({@code javax.net.ssl.trustStore},
 * {@code SSLContext.setDefault}) is touched.
 */
public final class PemTrust {

    private PemTrust() {
    }

    /**
     * Reads every certificate of a PEM file; other PEM objects (keys, parameters) are skipped.
     *
     * @throws IOException when the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> readCertificates(Path pemFile) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(pemFile, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            var converter = new JcaX509CertificateConverter();
            for (Object pem = parser.readObject(); pem != null; pem = parser.readObject()) {
                if (pem instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IOException(pemFile + ": unreadable certificate: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException(pemFile + ": no certificate found: expected '-----BEGIN CERTIFICATE-----' blocks");
        }
        return List.copyOf(certificates);
    }

    /** An {@link SSLContext} that trusts the JDK's default roots plus {@code extraRoots}. */
    public static SSLContext sslContext(List<X509Certificate> extraRoots) {
        try {
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustAnchors(extraRoots));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // Only a JDK without a default TrustManagerFactory or TLS gets here: nothing a user can fix.
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** The JDK's default roots plus {@code extraRoots}, as a key store of trusted certificate entries. */
    static KeyStore trustAnchors(List<X509Certificate> extraRoots) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int index = 0;
        for (X509Certificate jdkRoot : jdkDefaultRoots()) {
            anchors.setCertificateEntry("jdk-" + index++, jdkRoot);
        }
        for (X509Certificate extra : extraRoots) {
            anchors.setCertificateEntry("pem-" + index++, extra);
        }
        return anchors;
    }

    private static List<X509Certificate> jdkDefaultRoots() throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .flatMap(manager -> Arrays.stream(manager.getAcceptedIssuers()))
                .toList();
    }
}
