package io.sidecert.observe.admin;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sidecert.cluster.ClusterStatus;
import io.sidecert.observe.CheckActivity;
import io.sidecert.observe.health.Health;
import io.sidecert.observe.health.HealthReport;
import io.sidecert.observe.health.HealthStatus;
import io.sidecert.observe.metrics.SidecertMetrics;
import io.sidecert.renew.CertificateStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin port (JDK {@link HttpServer}, apart from the HTTP-01 responder): {@code /metrics} for Prometheus,
 * {@code /health} for the container's HEALTHCHECK (200 for ok and degraded, 503 for down), {@code /status} as
 * JSON and {@code /} as a page. Read-only, GET and HEAD only, and without login: it belongs on the container
 * network, not on the internet.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;
    private final SidecertMetrics metrics;
    private final Health health;
    private final CheckActivity checks;
    private final Supplier<List<CertificateStatus>> statuses;
    /** Stored certificates no longer configured: shown on the page and in /status, never in metrics or health. */
    private final Supplier<List<CertificateStatus>> unconfigured;
    /** Nodes and running jobs in cluster mode; always empty on a single node. */
    private final Supplier<Optional<ClusterStatus>> cluster;
    private final Duration expiringWithin;
    private final Clock clock;

    private AdminServer(HttpServer server, ExecutorService threads, SidecertMetrics metrics, Health health,
            CheckActivity checks, Supplier<List<CertificateStatus>> statuses,
            Supplier<List<CertificateStatus>> unconfigured, Supplier<Optional<ClusterStatus>> cluster,
            Duration expiringWithin, Clock clock) {
        this.unconfigured = unconfigured;
        this.server = server;
        this.cluster = cluster;
        this.threads = threads;
        this.metrics = metrics;
        this.health = health;
        this.checks = checks;
        this.statuses = statuses;
        this.expiringWithin = expiringWithin;
        this.clock = clock;
    }

    /**
     * Binds and starts serving.
     *
     * @param expiringWithin from when a certificate shows as expiring (the alerts' threshold)
     * @throws IOException when the address cannot be bound (port taken, unknown address)
     */
    public static AdminServer start(String bind, int port, SidecertMetrics metrics, Health health, CheckActivity checks,
            Supplier<List<CertificateStatus>> statuses, Supplier<List<CertificateStatus>> unconfigured,
            Supplier<Optional<ClusterStatus>> cluster, Duration expiringWithin, Clock clock) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        } catch (IOException e) {
            throw new IOException("admin: cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "): set admin.port to a free port, or admin.enabled = false", e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "admin-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AdminServer admin = new AdminServer(server, threads, requireNonNull(metrics, "metrics"),
                requireNonNull(health, "health"), requireNonNull(checks, "checks"), requireNonNull(statuses, "statuses"),
                requireNonNull(unconfigured, "unconfigured"),
                requireNonNull(cluster, "cluster"), requireNonNull(expiringWithin, "expiringWithin"), requireNonNull(clock, "clock"));
        server.createContext("/", admin::handle);
        server.setExecutor(threads);
        server.start();
        LOG.info("admin: serving /metrics, /health, /status and / on http://{}:{}/", bind, admin.port());
        return admin;
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            LOG.error("admin: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            respond(exchange, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestURI().getPath()) {
            case "/metrics" -> {
                metrics.refresh(statuses.get());
                respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
            }
            case "/health" -> {
                HealthReport report = health.report();
                respond(exchange, report.status() == HealthStatus.DOWN ? 503 : 200, JSON, StatusDocument.health(report));
            }
            case "/status" -> respond(exchange, 200, JSON, StatusDocument.status(health.report(),
                    checks.lastCompleted(), checks.nextCheck(), views(), cluster.get()));
            case "/", "/index.html" -> respond(exchange, 200, "text/html; charset=utf-8", StatusPage.render(
                    health.report(), checks.lastCompleted(), checks.nextCheck(), views()));
            default -> respond(exchange, 404, "text/plain; charset=utf-8",
                    "not found; try /, /status, /health or /metrics\n");
        }
    }

    private List<CertificateView> views() {
        List<CertificateStatus> rows = new java.util.ArrayList<>(statuses.get());
        rows.addAll(unconfigured.get());
        return CertificateView.of(rows, clock.instant(), expiringWithin);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
