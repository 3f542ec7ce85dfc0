package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Opens acme4j {@link Session}s, trusting an extra PEM file for the CA server's own TLS certificate
 * ({@code acme.trust-pem}) without changing any JVM-wide default.
 *
 * <p>How acme4j 4.0 allows it, read from its source:
 * <ul>
 *   <li>{@link NetworkSettings} has no TLS setting (only proxy, timeout, authenticator, compression).</li>
 *   <li>{@code HttpConnector} no longer opens connections itself: since 4.0 it only builds requests for
 *       the {@link HttpClient} it is handed.</li>
 *   <li>Each {@link Session} lazily creates one {@link HttpClient} through
 *       {@code AcmeProvider.createHttpClient(NetworkSettings)}, a default method since 4.0, and uses it
 *       for every request of that session (directory, nonces, JWS posts, certificate download).</li>
 *   <li>{@code new Session(URI, AcmeProvider)} takes a provider instance instead of looking one up with
 *       the {@code ServiceLoader}.</li>
 * </ul>
 * So a {@link GenericAcmeProvider} whose {@code createHttpClient} builds acme4j's default client plus an
 * {@link SSLContext} from {@link PemTrust} is all it takes; acme4j's own {@code PebbleAcmeProvider} does the
 * same with a bundled root. Host name verification stays on: the PEM adds trust anchors, nothing else.
 *
 * <p>Without a trust PEM the session is acme4j's plain {@code new Session(directory)}, so {@code acme://}
 * provider URIs keep working there.
 */
public final class TrustingSessionFactory {
    /** One provider, so one SSLContext and one HttpClient, per trust file: sessions are opened per order. */
    private final Map<Optional<Path>, TrustingProvider> providers = new ConcurrentHashMap<>();

    /**
     * Opens a session to the directory, trusting {@code trustPem}'s certificates besides the JDK roots.
     *
     * @param directory the CA's directory URL; must be {@code https} (or {@code http}) when a trust PEM is given
     * @throws IOException when the trust PEM cannot be read or holds no certificate
     */
    public Session open(URI directory, Optional<Path> trustPem) throws IOException {
        requireNonNull(directory, "directory");
        requireNonNull(trustPem, "trustPem");
        boolean web = "https".equals(directory.getScheme()) || "http".equals(directory.getScheme());
        if (!web) {
            if (trustPem.isPresent()) {
                throw new IllegalArgumentException("acme.trust-pem needs an https:// directory URL, not " + directory);
            }
            return new Session(directory);   // acme:// URIs pick acme4j's own provider
        }
        TrustingProvider provider = providers.get(trustPem);
        if (provider == null) {
            try {
                provider = providers.computeIfAbsent(trustPem, k -> new TrustingProvider(sslContext(k)));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new Session(directory, provider);
    }

    private static SSLContext sslContext(Optional<Path> trustPem) {
        try {
            return trustPem.isEmpty() ? SSLContext.getDefault()
                    : PemTrust.sslContext(PemTrust.readCertificates(trustPem.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no default TLS context", e);
        }
    }

    /**
     * acme4j's generic provider, with its HTTP client built on our {@link SSLContext} and shared by every
     * session: a JDK HttpClient cannot be closed on Java 17 and keeps a selector thread until collected.
     */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext tls;
        private HttpClient client;

        TrustingProvider(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        public synchronized HttpClient createHttpClient(NetworkSettings settings) {
            if (client == null) {
                client = build(settings);
            }
            return client;
        }

        private HttpClient build(NetworkSettings settings) {
            // Mirrors AcmeProvider.createHttpClient's defaults, so only the trust differs.
            var builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(settings.getTimeout())
                    .proxy(settings.getProxySelector())
                    .sslContext(tls);
            if (settings.getAuthenticator() != null) {
                builder.authenticator(settings.getAuthenticator());
            }
            return builder.build();
        }
    }
}
