package io.sidecert.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.PostgresServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/stack-cluster.yaml} as the README deploys it, on a single-node Swarm: the two secrets created with
 * {@code docker secret create}, the database node labelled, the images named through the variables. sidecert joins
 * the cluster on the stack's PostgreSQL, orders the certificate once and nginx serves it. (Across several nodes:
 * issue 14's harness.)
 */
@Tag("container")
class SwarmClusterStackTest {
    private static final String NAME = "shop.sidecert.test";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void clusterStackDeployJoinsTheDatabaseAndServesACertificateOrderedOnce() throws Exception {
        try (SwarmStack stack = SwarmStack.prepare(List.of("db", "sidecert", "nginx", "pebble"),
                List.of("db", "certs", "state", "webroot", "pebble-tls"))) {
            String node = SwarmStack.docker("info", "--format", "{{.Swarm.NodeID}}").orThrow().output().trim();
            SwarmStack.docker("node", "update", "--label-add", "sidecert.db=true", node).orThrow();
            SwarmStack.docker("secret", "rm", "sidecert-db", "sidecert-keys");   // left by an aborted run
            stack.afterRemoval(() -> {
                SwarmStack.docker("secret", "rm", "sidecert-db", "sidecert-keys");
                SwarmStack.docker("node", "update", "--label-rm", "sidecert.db", node);
            });
            new io.sidecert.testing.Command(List.of("sh", "-c", "echo db-password-of-the-test | docker secret create"
                    + " sidecert-db - && openssl rand -base64 32 | docker secret create sidecert-keys -"),
                    ProjectImages.repository(), Map.of(), Duration.ofMinutes(1)).run().orThrow();
            int https = SwarmStack.freePort();
            try {
                Instant deploy = Instant.now();
                stack.deploy("docker/stack-cluster.yaml", Map.of("POSTGRES_IMAGE", PostgresServer.image(),
                        "NGINX_HTTP_PORT", Integer.toString(SwarmStack.freePort()),
                        "NGINX_HTTPS_PORT", Integer.toString(https)));

                X509Certificate served = stack.awaitIssuedCertificate(https, NAME, deploy, LIMIT);
                String logs = stack.serviceLogs("sidecert");
                assertTrue(logs.contains("cluster: node ") && logs.contains(" joined"), logs);
                assertTrue(logs.contains("`nginx -t` passed, then SIGHUP"), logs);
                String db = SwarmStack.docker("ps", "-q", "--filter",
                        "label=com.docker.swarm.service.name=" + stack.name + "_db").orThrow().output().trim();
                assertEquals(served.getSerialNumber().toString(16), SwarmStack.docker("exec", "-e",
                        "PGPASSWORD=db-password-of-the-test", db, "psql", "-At", "-h", "127.0.0.1", "-U", "sidecert",
                        "-c", "SELECT string_agg(serial, ',') FROM sidecert_certificate_version WHERE name = 'shop'")
                        .orThrow().output().trim(), "one version of the certificate nginx serves, in the database");
            } catch (Throwable t) {
                System.out.println("----- stack " + stack.name + " -----\n" + stack.diagnostics());
                throw t;
            }
        }
    }
}
