package io.sidecert.cluster;

import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.PostgresServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One sidecert node of a test cluster: its own directory (configuration, certificate files, state), its own JVM
 * running {@code sidecert run}, and the cluster database shared with the other nodes.
 */
final class NodeProcess implements AutoCloseable {
    final String id;
    final Path dir;
    private final int adminPort;
    private Process process;

    private NodeProcess(String id, Path dir, int adminPort) {
        this.id = id;
        this.dir = dir;
        this.adminPort = adminPort;
    }

    /**
     * Writes the node's configuration.
     *
     * @param acme    the {@code acme} section's body
     * @param http01  the {@code http-01} section's body
     * @param reload  the {@code reload} section's body
     * @param secrets a directory holding {@code db-password} and {@code keys}
     */
    static NodeProcess configure(Path parent, String id, PostgresServer db, Path secrets, String acme, String http01,
            String reload, List<String> certificates) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(id));
        Files.createDirectories(dir.resolve("certs"));
        int adminPort = freePort();
        Files.write(dir.resolve("sidecert.conf"), List.of(
                "acme { " + acme + " }",
                "storage { certificates = certs, state = state }",
                "http-01 { " + http01 + " }",
                "certificate-defaults { profile = default }",
                "reload { " + reload + " }",
                "admin { bind = \"127.0.0.1\", port = " + adminPort + " }",
                "cluster { jdbc-url = \"" + db.jdbcUrl() + "\", user = " + db.user()
                        + ", password-file = \"" + secrets.resolve("db-password") + "\""
                        + ", secret-file = \"" + secrets.resolve("keys") + "\""
                        + ", node-id = " + id + ", check-in-interval = 2s, catch-up-interval = 5s }",
                "include required(\"domains.conf\")"));
        Files.writeString(dir.resolve("domains.conf"), "certificates {\n  " + String.join("\n  ", certificates)
                + "\n}\n");
        return new NodeProcess(id, dir, adminPort);
    }

    /** The two secret files every node shares. */
    static Path writeSecrets(Path dir, PostgresServer db) throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("db-password"), db.password() + "\n");
        Files.writeString(secrets.resolve("keys"), "c2lkZWNlcnQtdGVzdC1zZWNyZXQtb2YtMzItYnl0ZXMh\n");
        return secrets;
    }

    NodeProcess start() throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), "io.sidecert.cli.Main", "run", "--config",
                dir.resolve("sidecert.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        return this;
    }

    /** {@code kill -9}: no shutdown hook, no cleanup, the database session dies with the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return dir.resolve("node.log");
    }

    String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log()) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The live serial of {@code name} in this node's own files. */
    Optional<BigInteger> liveSerial(String name) {
        try {
            return store().current(name).filter(c -> !c.isPlaceholder()).map(c -> c.facts().serial());
        } catch (Exception e) {
            return Optional.empty();   // being written; asked again
        }
    }

    /** Reads the live version fully: the store refuses a certificate whose key does not match. */
    StoredCertificate live(String name) throws Exception {
        return store().current(name).orElseThrow();
    }

    CertbotLayoutStore store() {
        return new CertbotLayoutStore(dir.resolve("certs"), FileModes.defaults(), FileOwnership.unchanged());
    }

    /** The body of {@code /health}. */
    String health() throws Exception {
        return get("/health");
    }

    /** The body of {@code /status}. */
    String status() throws Exception {
        return get("/status");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + adminPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** Waits for the admin port to answer. */
    void awaitAdmin(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                health();
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline) || !alive()) {
                    throw new AssertionError(id + " never opened its admin port:\n" + logText(), notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
