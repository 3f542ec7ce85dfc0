package io.sidecert.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sidecert.store.Placeholders;
import io.sidecert.testing.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/stack.yaml} on a single-node Swarm: {@code docker stack deploy --resolve-image never} with the
 * locally built images gets nginx serving a certificate from the stack's Pebble.
 *
 * <p>Runs by default; {@code -Dsidecert.skipSwarm=true} skips it. Swarm mode is a property of the whole Docker engine, and on a
 * machine where other test runs share the engine, turning it on and off under them breaks their stacks. The test
 * initialises a single-node swarm only when the engine is in none, and leaves it again afterwards; an existing
 * swarm is used and left as it is.
 */
@Tag("container")
class SwarmStackTest {
    private static final String NAME = "shop.sidecert.test";
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final String stack = "sidecertswarm" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

    @Test
    void stackDeployServesACertificateFromTheStacksCa() throws Exception {
        assumeTrue(!Boolean.getBoolean("sidecert.skipSwarm"), "Swarm test skipped with -Dsidecert.skipSwarm=true");
        String state = docker("info", "--format", "{{.Swarm.LocalNodeState}}").orThrow().output().trim();
        assumeTrue(state.equals("inactive") || state.equals("active"), "Swarm state " + state);
        ProjectImages.build();
        boolean initialised = state.equals("inactive");
        if (initialised) {
            docker("swarm", "init", "--advertise-addr", "127.0.0.1").orThrow();
        }
        int https = freePort();
        try {
            Instant deploy = Instant.now();
            docker(Map.of("SIDECERT_IMAGE", ProjectImages.SIDECERT, "NGINX_IMAGE", ProjectImages.NGINX,
                    "PEBBLE_IMAGE", ProjectImages.PEBBLE, "DOCKER_GID", dockerSocketGroup(),
                    "NGINX_HTTP_PORT", Integer.toString(freePort()), "NGINX_HTTPS_PORT", Integer.toString(https)),
                    "stack", "deploy", "--resolve-image", "never", "-c", "docker/stack.yaml", stack).orThrow();

            X509Certificate served = waitForPebbleCertificate(https, deploy);
            assertTrue(serviceLogs("sidecert").contains("`nginx -t` passed, then SIGHUP"),
                    "sidecert found nginx by its service name and reloaded it: " + serviceLogs("sidecert"));

            assertTrue(ServedCertificate.issuerName(served).startsWith("Pebble Intermediate"),
                    ServedCertificate.issuerName(served));
        } catch (Throwable t) {
            System.out.println("----- stack " + stack + " -----\n" + diagnostics());
            throw t;
        } finally {
            remove(initialised);
        }
    }

    private X509Certificate waitForPebbleCertificate(int port, Instant deploy) throws InterruptedException {
        Instant deadline = deploy.plus(LIMIT);
        while (Instant.now().isBefore(deadline)) {
            Optional<X509Certificate> served = ServedCertificate.fetch("127.0.0.1", port, NAME);
            if (served.isPresent() && !Placeholders.isPlaceholder(served.get())) {
                System.out.printf("[swarm %s] nginx served a Pebble certificate %.1f s after `stack deploy`%n", stack,
                        Duration.between(deploy, Instant.now()).toMillis() / 1000.0);
                return served.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("nginx did not serve a Pebble certificate within " + LIMIT.toSeconds() + " s");
    }

    private void remove(boolean leaveSwarm) throws InterruptedException {
        docker("stack", "rm", stack);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!containersOfStack().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        for (String volume : List.of("certs", "state", "webroot", "pebble-tls")) {
            docker("volume", "rm", stack + "_" + volume);
        }
        if (leaveSwarm) {
            // The network goes with the stack's last task; leaving earlier would strand it.
            docker("swarm", "leave", "--force").orThrow();
        }
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder(docker("stack", "ps", "--no-trunc", stack).output());
        for (String service : List.of("sidecert", "nginx", "pebble")) {
            text.append("----- ").append(service).append(" -----\n").append(serviceLogs(service));
        }
        return text.toString();
    }

    // From the containers: `docker service logs` shows nothing for a task Swarm still counts as starting.
    private String serviceLogs(String service) {
        StringBuilder logs = new StringBuilder();
        for (String container : containers(service, "-aq")) {
            logs.append(docker("logs", container).output());
        }
        return logs.toString();
    }

    private List<String> containers(String service) {
        return containers(service, "-q");
    }

    private List<String> containers(String service, String which) {
        return docker("ps", which, "--filter", "label=com.docker.swarm.service.name=" + stack + "_" + service)
                .output().lines().filter(line -> !line.isBlank()).toList();
    }

    private List<String> containersOfStack() {
        return docker("ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + stack)
                .output().lines().filter(line -> !line.isBlank()).toList();
    }

    private static Command.Result docker(String... arguments) {
        return docker(Map.of(), arguments);
    }

    private static Command.Result docker(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return new Command(command, ProjectImages.repository(), environment, COMMAND_TIMEOUT).run();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dockerSocketGroup() {
        try {
            return Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid").toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "0";
        }
    }
}
