package io.sidecert.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sidecert.testing.ListenerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Session;

/** A session's HTTP client trusts the PEM for exactly that session, with host names still checked. */
class TrustingSessionFactoryTest {
    private final TrustingSessionFactory factory = new TrustingSessionFactory();
    private final ListenerTls tls = ListenerTls.generate();
    private HttpsServer server;

    @TempDir
    Path directory;

    @BeforeEach
    void startHttpsServer() throws Exception {
        server = httpsServer(InetAddress.getLoopbackAddress());
    }

    private HttpsServer httpsServer(InetAddress address) throws Exception {
        var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.keyStore(), "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(address, 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/dir", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        https.start();
        return https;
    }

    @AfterEach
    void stopHttpsServer() {
        server.stop(0);
    }

    @Test
    void trustsTheServerSignedByTheTrustPem() throws Exception {
        Session session = factory.open(url("localhost"), Optional.of(pemFile(tls.caPem())));

        assertEquals(204, get(session, url("localhost")));
    }

    @Test
    void withoutTrustPemTheSameServerIsRejected() throws Exception {
        Session session = factory.open(url("localhost"), Optional.empty());

        assertThrows(SSLHandshakeException.class, () -> get(session, url("localhost")));
    }

    @Test
    void stillChecksTheHostName() throws Exception {
        // The certificate names localhost, pebble and 127.0.0.1; 127.0.0.2 is loopback too, but not named.
        HttpsServer unnamed = httpsServer(InetAddress.getByName("127.0.0.2"));
        try {
            URI unnamedUrl = URI.create("https://127.0.0.2:" + unnamed.getAddress().getPort() + "/dir");
            Session session = factory.open(unnamedUrl, Optional.of(pemFile(tls.caPem())));

            assertThrows(SSLHandshakeException.class, () -> get(session, unnamedUrl));
        } finally {
            unnamed.stop(0);
        }
    }

    @Test
    void trustsTheJdkRootsBesideThePem() throws Exception {
        var anchors = PemTrust.trustAnchors(List.of(tls.ca()));
        var jdkOnly = PemTrust.trustAnchors(List.of());

        assertTrue(jdkOnly.size() > 0, "this JDK has default roots");
        assertEquals(jdkOnly.size() + 1, anchors.size());
        assertTrue(anchors.getCertificateAlias(tls.ca()) != null);
    }

    @Test
    void readsEveryCertificateAndSkipsKeys() throws Exception {
        Path pem = pemFile(tls.caPem() + tls.privateKeyPem() + tls.certificatePem());

        assertEquals(2, PemTrust.readCertificates(pem).size());
    }

    @Test
    void aPemWithoutCertificateIsAnErrorNamingTheFile() throws Exception {
        Path pem = pemFile(tls.privateKeyPem());

        IOException failure = assertThrows(IOException.class, () -> factory.open(url("localhost"), Optional.of(pem)));
        assertTrue(failure.getMessage().startsWith(pem + ": no certificate found"), failure.getMessage());
    }

    @Test
    void aProviderUriCannotTakeATrustPem() throws Exception {
        Path pem = pemFile(tls.caPem());

        assertThrows(IllegalArgumentException.class,
                () -> factory.open(URI.create("acme://letsencrypt.org/staging"), Optional.of(pem)));
    }

    private URI url(String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/dir");
    }

    private Path pemFile(String content) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "trust", ".pem"), content);
    }

    private static int get(Session session, URI uri) throws Exception {
        return session.getHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
