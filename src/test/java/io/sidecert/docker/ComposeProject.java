package io.sidecert.docker;

import io.sidecert.testing.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The repository's {@code compose.yaml} as one uniquely named project, run with {@code docker-compose} (compose
 * v1, as on the test machines; {@code docker compose} where only v2 exists) on the locally built images.
 *
 * <p>Every image variable points at a local tag and nothing is built or pulled by compose ({@code --no-build}:
 * {@link ProjectImages} built them). nginx's ports are published on loopback only, on ports Docker picks.
 */
final class ComposeProject implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final String name = "sidecerttest" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final Map<String, String> environment;

    ComposeProject() {
        Map<String, String> variables = new HashMap<>();
        variables.put("SIDECERT_IMAGE", ProjectImages.SIDECERT);
        variables.put("NGINX_IMAGE", ProjectImages.NGINX);
        variables.put("PEBBLE_IMAGE", ProjectImages.PEBBLE);
        variables.put("NGINX_HTTP_PORT", "127.0.0.1:0");
        variables.put("NGINX_HTTPS_PORT", "127.0.0.1:0");
        variables.put("DOCKER_GID", dockerSocketGroup());
        this.environment = Map.copyOf(variables);
    }

    String name() {
        return name;
    }

    Command.Result up() {
        return compose("up", "-d", "--no-build").orThrow();
    }

    /** The host port where {@code service}'s {@code containerPort} is published. */
    int port(String service, int containerPort) {
        String address = compose("port", service, Integer.toString(containerPort)).orThrow().output().trim();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    String logs(String... services) {
        List<String> arguments = new ArrayList<>(List.of("logs", "--no-color"));
        arguments.addAll(List.of(services));
        return compose(arguments.toArray(String[]::new)).output();
    }

    /** Docker's HEALTHCHECK verdict for the service's container: starting, healthy or unhealthy. */
    String health(String service) {
        String id = compose("ps", "-q", service).orThrow().output().trim();
        return new Command(List.of("docker", "inspect", "--format", "{{.State.Health.Status}}", id),
                ProjectImages.repository(), environment, COMMAND_TIMEOUT).run().orThrow().output().trim();
    }

    /** Removes containers, network and volumes; never throws, so it can run in {@code finally}. */
    @Override
    public void close() {
        Command.Result down = compose("down", "-v", "--remove-orphans", "--timeout", "10");
        if (!down.succeeded()) {
            System.err.println("[compose " + name + "] down failed: " + down.output());
        }
    }

    Command.Result compose(String... arguments) {
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("-f", "compose.yaml", "-p", name));
        command.addAll(List.of(arguments));
        return new Command(command, ProjectImages.repository(), environment, COMMAND_TIMEOUT).run();
    }

    private static List<String> composeCommand() {
        boolean v1 = Command.of(ProjectImages.repository(), Duration.ofSeconds(30), "docker-compose", "version")
                .runQuietly();
        return v1 ? List.of("docker-compose") : List.of("docker", "compose");
    }

    // The group that may use the socket: sidecert reloads nginx through it.
    private static String dockerSocketGroup() {
        try {
            return Files.getAttribute(Path.of("/var/run/docker.sock"), "unix:gid").toString();
        } catch (Exception e) {
            return "0";
        }
    }
}
