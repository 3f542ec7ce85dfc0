package io.sidecert.docker;

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

/**
 * A stack file deployed on a single-node Swarm of this engine with {@code --resolve-image never} and the locally built
 * images, then removed with its tasks and volumes.
 *
 * <p>Swarm mode is a property of the whole Docker engine, and on a machine where other test runs share the engine,
 * turning it on and off under them breaks their stacks. A single-node swarm is initialised only when the engine is in
 * none, and left again on {@link #close}; an existing swarm is used and left as it is. {@code -Dsidecert.skipSwarm=true}
 * skips the tests (an assumption, so they show as skipped).
 */
final class SwarmStack implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    final String name = "sidecertswarm" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final boolean initialised;
    private final List<String> services;
    private final List<String> volumes;
    private final List<Runnable> afterRemoval = new ArrayList<>();

    private SwarmStack(boolean initialised, List<String> services, List<String> volumes) {
        this.initialised = initialised;
        this.services = services;
        this.volumes = volumes;
    }

    /** Joins or makes a single-node swarm; {@code services} and {@code volumes} are the stack file's. */
    static SwarmStack prepare(List<String> services, List<String> volumes) {
        assumeTrue(!Boolean.getBoolean("sidecert.skipSwarm"), "Swarm test skipped with -Dsidecert.skipSwarm=true");
        String state = docker("info", "--format", "{{.Swarm.LocalNodeState}}").orThrow().output().trim();
        assumeTrue(state.equals("inactive") || state.equals("active"), "Swarm state " + state);
        ProjectImages.build();
        boolean initialised = state.equals("inactive");
        if (initialised) {
            docker("swarm", "init", "--advertise-addr", "127.0.0.1").orThrow();
        }
        return new SwarmStack(initialised, services, volumes);
    }

    /** {@code docker stack deploy} of {@code file} with the project's images and {@code environment} on top. */
    void deploy(String file, Map<String, String> environment) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("SIDECERT_IMAGE", ProjectImages.SIDECERT,
                "NGINX_IMAGE", ProjectImages.NGINX, "PEBBLE_IMAGE", ProjectImages.PEBBLE,
                "DOCKER_GID", dockerSocketGroup()));
        all.putAll(environment);
        docker(all, "stack", "deploy", "--resolve-image", "never", "-c", file, name).orThrow();
    }

    /** Waits until nginx on {@code port} serves a certificate that is not sidecert's placeholder for {@code host}. */
    X509Certificate awaitIssuedCertificate(int port, String host, Instant deploy, Duration limit)
            throws InterruptedException {
        Instant deadline = deploy.plus(limit);
        while (Instant.now().isBefore(deadline)) {
            Optional<X509Certificate> served = ServedCertificate.fetch("127.0.0.1", port, host);
            if (served.isPresent() && !Placeholders.isPlaceholder(served.get())) {
                System.out.printf("[swarm %s] nginx served a Pebble certificate %.1f s after `stack deploy`%n", name,
                        Duration.between(deploy, Instant.now()).toMillis() / 1000.0);
                return served.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("nginx did not serve a Pebble certificate within " + limit.toSeconds() + " s");
    }

    /** Runs {@code cleanup} once the stack's tasks are gone, before the swarm is left: secrets, node labels. */
    void afterRemoval(Runnable cleanup) {
        afterRemoval.add(cleanup);
    }

    /** What the service's containers logged: `docker service logs` shows nothing for a task still starting. */
    String serviceLogs(String service) {
        StringBuilder logs = new StringBuilder();
        for (String container : containers("label=com.docker.swarm.service.name=" + name + "_" + service)) {
            logs.append(docker("logs", container).output());
        }
        return logs.toString();
    }

    String diagnostics() {
        StringBuilder text = new StringBuilder(docker("stack", "ps", "--no-trunc", name).output());
        for (String service : services) {
            text.append("----- ").append(service).append(" -----\n").append(serviceLogs(service));
        }
        return text.toString();
    }

    /** Removes the stack, waits for its containers to go, removes its volumes, and leaves a swarm made for it. */
    @Override
    public void close() throws InterruptedException {
        docker("stack", "rm", name);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!containers("label=com.docker.stack.namespace=" + name).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        for (String volume : volumes) {
            docker("volume", "rm", name + "_" + volume);
        }
        afterRemoval.forEach(Runnable::run);
        if (initialised) {
            // The network goes with the stack's last task; leaving earlier would strand it.
            docker("swarm", "leave", "--force").orThrow();
        }
    }

    private static List<String> containers(String filter) {
        return docker("ps", "-aq", "--filter", filter).output().lines().filter(line -> !line.isBlank()).toList();
    }

    static Command.Result docker(String... arguments) {
        return docker(Map.of(), arguments);
    }

    static Command.Result docker(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return new Command(command, ProjectImages.repository(), environment, COMMAND_TIMEOUT).run();
    }

    static int freePort() {
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
