package io.sidecert.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/stack.yaml} on a single-node Swarm: {@code docker stack deploy --resolve-image never} with the
 * locally built images gets nginx serving a certificate from the stack's Pebble. Runs by default;
 * {@code -Dsidecert.skipSwarm=true} skips it (see {@link SwarmStack}).
 */
@Tag("container")
class SwarmStackTest {
    private static final String NAME = "shop.sidecert.test";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @Test
    void stackDeployServesACertificateFromTheStacksCa() throws Exception {
        try (SwarmStack stack = SwarmStack.prepare(List.of("sidecert", "nginx", "pebble"),
                List.of("certs", "state", "webroot", "pebble-tls"))) {
            int https = SwarmStack.freePort();
            try {
                Instant deploy = Instant.now();
                stack.deploy("docker/stack.yaml", Map.of("NGINX_HTTP_PORT", Integer.toString(SwarmStack.freePort()),
                        "NGINX_HTTPS_PORT", Integer.toString(https)));

                X509Certificate served = stack.awaitIssuedCertificate(https, NAME, deploy, LIMIT);
                assertTrue(stack.serviceLogs("sidecert").contains("`nginx -t` passed, then SIGHUP"),
                        "sidecert found nginx by its service name and reloaded it: " + stack.serviceLogs("sidecert"));
                assertTrue(ServedCertificate.issuerName(served).startsWith("Pebble Intermediate"),
                        ServedCertificate.issuerName(served));
            } catch (Throwable t) {
                System.out.println("----- stack " + stack.name + " -----\n" + stack.diagnostics());
                throw t;
            }
        }
    }
}
