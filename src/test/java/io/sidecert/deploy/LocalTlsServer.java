package io.sidecert.deploy;

import io.sidecert.store.CertificateMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

/**
 * A TLS server on 127.0.0.1 in this JVM that completes handshakes with whatever certificate it is told to serve, and
 * remembers the names clients asked for (SNI). Stands in for a proxy where no container is needed.
 */
final class LocalTlsServer implements AutoCloseable {
    private static final char[] PASSWORD = "test".toCharArray();

    final List<String> requestedNames = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;
    private final Thread acceptor;
    private volatile CertificateMaterial serving;

    LocalTlsServer(CertificateMaterial serving) {
        this.serving = serving;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptAll, "local-tls");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    void serve(CertificateMaterial material) {
        serving = material;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket plain = socket.accept()) {
                handshake(plain);
            } catch (SocketException closed) {
                return;
            } catch (IOException | GeneralSecurityException e) {
                // A failed handshake is the client's business; keep serving.
            }
        }
    }

    private void handshake(Socket plain) throws IOException, GeneralSecurityException {
        SSLContext context = context(serving);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), false)) {
            tls.setUseClientMode(false);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
                @Override
                public boolean matches(SNIServerName name) {
                    requestedNames.add(new String(name.getEncoded(), java.nio.charset.StandardCharsets.US_ASCII));
                    return true;
                }
            }));
            tls.setSSLParameters(parameters);
            tls.startHandshake();
        }
    }

    private static SSLContext context(CertificateMaterial material) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("served", material.keyPair().getPrivate(), PASSWORD,
                material.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }
}
