package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** Asks a TLS server which certificate it serves for a name: one handshake with SNI, reading the leaf's serial. */
class TlsProbe {

    /**
     * What one handshake showed.
     *
     * @param serial the leaf's serial; empty when there was no handshake
     * @param detail why there was none, e.g. {@code Connection refused}
     */
    record Seen(Optional<BigInteger> serial, String detail) {
        Seen {
            requireNonNull(serial, "serial");
            requireNonNull(detail, "detail");
        }
    }

    Seen served(String host, int port, String serverName, Duration timeout) {
        int millis = (int) Math.max(1, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), millis);
            plain.setSoTimeout(millis);
            try (SSLSocket tls = (SSLSocket) freshContext().getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                Certificate[] chain = tls.getSession().getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    return new Seen(Optional.empty(), "the server sent no X.509 certificate");
                }
                return new Seen(Optional.of(leaf.getSerialNumber()), "handshake done");
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Seen(Optional.empty(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    /**
     * A context of its own for every handshake: a resumed session would report the certificate of the session it
     * resumes (cached for this host and port, possibly for another name, or from before the reload), not what the
     * server sends now.
     */
    private static SSLContext freshContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AcceptAnyCertificate()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS client", e);
        }
    }

    /**
     * Accepts every certificate. This check compares serial numbers to learn which version a proxy serves; it
     * authenticates nothing and sends nothing over the connection, so trusting what is presented is exactly
     * what it needs (the certificate may be a placeholder, or from a CA this JVM does not know).
     */
    private static final class AcceptAnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
