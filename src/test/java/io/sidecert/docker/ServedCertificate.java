package io.sidecert.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * What a TLS server presents for a name: a handshake with SNI, like {@code openssl s_client -servername}. Nothing
 * is trusted or checked here; the caller looks at the certificate.
 */
final class ServedCertificate {
    private static final int TIMEOUT_MILLIS = 3_000;

    private ServedCertificate() {
    }

    /** The leaf served to {@code serverName} at {@code host:port}, or empty while nothing answers with TLS. */
    static Optional<X509Certificate> fetch(String host, int port, String serverName) {
        try (SSLSocket socket = (SSLSocket) acceptingAnything().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return Optional.of((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The issuer's CN, e.g. "Pebble Intermediate CA 3f9c1a". */
    static String issuerName(X509Certificate certificate) {
        String dn = certificate.getIssuerX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return dn;
    }

    private static SSLContext acceptingAnything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnything()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Looking, not trusting: the test inspects whatever certificate comes. */
    private static final class AcceptAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
