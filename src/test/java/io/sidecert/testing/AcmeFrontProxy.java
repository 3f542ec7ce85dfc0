package io.sidecert.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sidecert.acme.PemTrust;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS front for a {@link PebbleCa}: what sidecert talks to when a test needs the CA to be unreachable for a
 * while (nothing listens until {@link #start}) or to answer one new order with a rate limit (429) or a
 * maintenance (503) and a {@code Retry-After}; everything else is Pebble's own answer. Also records every new order, with whether it named
 * a predecessor (ARI {@code replaces}), for tests that count orders.
 *
 * <p>The {@code Host} header is passed on, so Pebble builds its URLs (and checks the signed {@code url} of each
 * request) for this front; the JVM needs {@code jdk.httpclient.allowRestrictedHeaders=host}, which the build
 * sets for tests.
 */
public final class AcmeFrontProxy implements AutoCloseable {
    private static final String NEW_ORDER = "/order-plz";

    private final URI pebble;
    private final int port;
    private final ListenerTls tls = ListenerTls.generate();
    private final Path trustPem;
    private final HttpClient client;
    private final AtomicReference<Optional<Refusal>> refuseNextOrder = new AtomicReference<>(Optional.empty());
    private final List<Order> orders = new CopyOnWriteArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private HttpsServer server;

    /** How the next new order is answered instead of by Pebble: a problem document and a Retry-After. */
    private record Refusal(int status, String type, String detail, Duration retryAfter) {
    }

    /** A new order as it passed: when, and whether it carried ARI's {@code replaces}. */
    public record Order(Instant at, boolean replaces, int status) {
    }

    public AcmeFrontProxy(PebbleCa ca, Path workDirectory) {
        this.pebble = ca.directoryUrl().resolve("/");
        this.port = freePort();
        try {
            this.trustPem = Files.writeString(workDirectory.resolve("front-trust.pem"),
                    Files.readString(ca.trustPem()) + tls.caPem());
            // HTTP/1.1: over HTTP/2 the client sends the URI's authority, not our Host header.
            this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(PemTrust.sslContext(PemTrust.readCertificates(ca.trustPem())))
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory URL sidecert is given; refused until {@link #start}. */
    public URI directoryUrl() {
        return URI.create("https://localhost:" + port + "/dir");
    }

    /** Trusts both Pebble's listener and this front. */
    public Path trustPem() {
        return trustPem;
    }

    /** Starts answering: until then, connections to {@link #directoryUrl()} are refused. */
    public synchronized AcmeFrontProxy start() {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            server.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
            server.createContext("/", this::forward);
            server.setExecutor(executor);
            server.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
    }

    /** The next new order is refused as rate-limited, asking to retry after {@code retryAfter}. */
    public void rateLimitNextNewOrder(Duration retryAfter) {
        refuseNextOrder.set(Optional.of(new Refusal(429, "rateLimited", "too many new orders (test)", retryAfter)));
    }

    /**
     * The next new order is answered 503, as a CA down for maintenance does: a {@code serverInternal} problem, which
     * is no rate limit, with a {@code Retry-After} of {@code retryAfter}.
     */
    public void unavailableForNextNewOrder(Duration retryAfter) {
        refuseNextOrder.set(Optional.of(new Refusal(503, "serverInternal", "down for maintenance (test)",
                retryAfter)));
    }

    /** Every new order that reached this front, in order. */
    public List<Order> orders() {
        return List.copyOf(orders);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            boolean newOrder = path.equals(NEW_ORDER) && exchange.getRequestMethod().equals("POST");
            Optional<Refusal> refusal = newOrder ? refuseNextOrder.getAndSet(Optional.empty()) : Optional.empty();
            if (refusal.isPresent()) {
                orders.add(new Order(Instant.now(), replaces(body), refusal.get().status()));
                refuse(exchange, refusal.get());
                return;
            }
            HttpResponse<byte[]> answer = send(exchange, body);
            if (newOrder) {
                orders.add(new Order(Instant.now(), replaces(body), answer.statusCode()));
            }
            for (String header : List.of("Content-Type", "Location", "Link", "Replay-Nonce", "Retry-After",
                    "Cache-Control")) {
                answer.headers().allValues(header).forEach(v -> exchange.getResponseHeaders().add(header, v));
            }
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private HttpResponse<byte[]> send(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(pebble.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Host", "localhost:" + port);
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .ifPresent(type -> request.header("Content-Type", type));
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        byte[] problem = ("{\"type\":\"urn:ietf:params:acme:error:" + refusal.type() + "\",\"detail\":\""
                + refusal.detail() + "\",\"status\":" + refusal.status() + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.getResponseHeaders().add("Retry-After", Long.toString(refusal.retryAfter().toSeconds()));
        exchange.sendResponseHeaders(refusal.status(), problem.length);
        exchange.getResponseBody().write(problem);
    }

    /** Whether a JWS body's payload names a predecessor. */
    private static boolean replaces(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        int at = json.indexOf("\"payload\"");
        if (at < 0) {
            return false;
        }
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        String payload = json.substring(start, json.indexOf('"', start));
        return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).contains("\"replaces\"");
    }

    private SSLContext sslContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("front", tls.privateKey(), new char[0], new Certificate[] {tls.certificate(), tls.ca()});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the front's TLS", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
        }
        executor.shutdownNow();
    }
}
