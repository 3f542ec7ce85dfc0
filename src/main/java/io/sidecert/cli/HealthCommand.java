package io.sidecert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidecert.config.AdminSettings;
import io.sidecert.config.SidecertConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Asks the running daemon how it is, for a container's HEALTHCHECK: GET {@code /health} on the admin port. Exit 0
 * for ok and degraded (sidecert runs; degraded needs a person, not a restart), 1 for anything else: down, no
 * answer, or a configuration that cannot be read. Never 2, which Docker reserves.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Ask the running daemon's admin port for its health: exit 0 ok or degraded, 1 otherwise.")
final class HealthCommand extends ConfiguredCommand {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> ANY_ADDRESS = Set.of("0.0.0.0", "::", "[::]", "*");
    private static final int UNHEALTHY = 1;

    @Override
    int invalidConfigExitCode() {
        return UNHEALTHY;
    }

    @Override
    int call(SidecertConfig loaded) {
        if (!loaded.admin().enabled()) {
            err().println("sidecert health: admin.enabled is false, so there is nothing to ask");
            return UNHEALTHY;
        }
        return ask(url(loaded.admin()));
    }

    static URI url(AdminSettings admin) {
        String host = ANY_ADDRESS.contains(admin.bind()) ? "127.0.0.1" : admin.bind();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + admin.port() + "/health");
    }

    private int ask(URI url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode health = new ObjectMapper().readTree(response.body());
            String status = health.path("status").asText("unknown");
            StringBuilder line = new StringBuilder(status);
            health.path("reasons").forEach(reason -> line.append("\n  ").append(reason.asText()));
            out().println(line);
            boolean healthy = response.statusCode() == 200 && (status.equals("ok") || status.equals("degraded"));
            return healthy ? ExitCodes.OK : UNHEALTHY;
        } catch (IOException e) {
            err().println("sidecert health: no answer from " + url + ": " + e.getMessage()
                    + " (is the daemon running, and admin.port right?)");
            return UNHEALTHY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNHEALTHY;
        }
    }
}
