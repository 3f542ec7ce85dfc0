package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.toolbox.JSON;

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
 * <p>The same provider hooks the requests for metrics: its client is wrapped so that an
 * {@link AcmeRequestListener} sees each request's endpoint, status and latency, and its directory is read
 * to name the endpoints. Without a trust PEM an http(s) directory gets the same provider with the JDK's
 * trust only; {@code acme://} provider URIs keep acme4j's plain {@code new Session(directory)}, unobserved.
 */
public final class TrustingSessionFactory {
    private final AcmeRequestListener requests;
    private final CaRetryAfter retryAfter;
    /**
     * One provider, so one SSLContext and one HttpClient, per CA and trust file: sessions are opened per order,
     * and a JDK HttpClient cannot be closed on Java 17 (it keeps a selector thread until collected).
     */
    private final Map<List<Object>, TrustingProvider> providers = new ConcurrentHashMap<>();

    public TrustingSessionFactory() {
        this(AcmeRequestListener.NONE, new CaRetryAfter(Clock.systemUTC()));
    }

    /**
     * @param requests   told about every request to the CA, for metrics
     * @param retryAfter where each error answer's Retry-After is kept for the failure it causes
     */
    public TrustingSessionFactory(AcmeRequestListener requests, CaRetryAfter retryAfter) {
        this.requests = requireNonNull(requests, "requests");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
    }

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
        List<Object> key = List.of(directory, trustPem);
        TrustingProvider provider = providers.get(key);
        if (provider == null) {
            Optional<SSLContext> tls = trustPem.isEmpty() ? Optional.empty()
                    : Optional.of(PemTrust.sslContext(PemTrust.readCertificates(trustPem.get())));
            provider = providers.computeIfAbsent(key, k -> new TrustingProvider(directory, tls, requests, retryAfter));
        }
        return new Session(directory, provider);
    }

    /** acme4j's generic provider, with its HTTP client built on our {@link SSLContext}, observed and shared. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final Optional<SSLContext> tls;
        private final AcmeEndpoints endpoints;
        private final AcmeRequestListener requests;
        private final CaRetryAfter retryAfter;
        private HttpClient client;

        TrustingProvider(URI directory, Optional<SSLContext> tls, AcmeRequestListener requests,
                CaRetryAfter retryAfter) {
            this.tls = tls;
            this.endpoints = new AcmeEndpoints(directory);
            this.requests = requests;
            this.retryAfter = retryAfter;
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
                    .proxy(settings.getProxySelector());
            tls.ifPresent(builder::sslContext);
            if (settings.getAuthenticator() != null) {
                builder.authenticator(settings.getAuthenticator());
            }
            return new ObservedHttpClient(builder.build(), endpoints, requests, retryAfter);
        }

        @Override
        public JSON directory(Session session, URI serverUri) throws AcmeException {
            JSON directory = super.directory(session, serverUri);
            if (directory != null) {
                endpoints.learn(directory);
            }
            return directory;
        }
    }
}
