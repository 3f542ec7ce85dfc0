package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sidecert.config.AdminSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code sidecert health}, the image's HEALTHCHECK: 0 for ok and degraded, 1 for everything else, never 2. */
class HealthCommandTest {
    @TempDir
    Path dir;

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "{0} (HTTP {1}) exits {2}")
    @CsvSource({"ok, 200, 0", "degraded, 200, 0", "down, 503, 1"})
    void exitCodeFollowsTheStatus(String status, int httpStatus, int exitCode) throws Exception {
        int port = serve(httpStatus, "{\"status\":\"" + status + "\",\"reasons\":[\"[shop] renewal failed 3 times\"]}");

        StringWriter out = new StringWriter();
        int code = run(port, out);

        assertEquals(exitCode, code);
        assertTrue(out.toString().startsWith(status), out.toString());
    }

    @Test
    void noAnswerIsUnhealthy() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertEquals(1, run(port, new StringWriter()));
    }

    @Test
    void anInvalidConfigurationIsUnhealthyNotDockersReservedTwo() throws Exception {
        Files.writeString(dir.resolve("sidecert.conf"), "admin { port = -1 }\n");
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(1, cli.execute("health", "--config", dir.resolve("sidecert.conf").toString()));
    }

    @Test
    void asksLoopbackWhenBoundToAllInterfaces() {
        assertEquals(URI.create("http://127.0.0.1:9100/health"), HealthCommand.url(new AdminSettings(true, "0.0.0.0", 9100)));
        assertEquals(URI.create("http://[::1]:9100/health"), HealthCommand.url(new AdminSettings(true, "::1", 9100)));
        assertEquals(URI.create("http://10.0.0.5:9100/health"), HealthCommand.url(new AdminSettings(true, "10.0.0.5", 9100)));
    }

    private int run(int port, StringWriter out) throws Exception {
        Files.writeString(dir.resolve("sidecert.conf"), "admin { bind = \"127.0.0.1\", port = " + port + " }\n");
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli.execute("health", "--config", dir.resolve("sidecert.conf").toString());
    }

    private int serve(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }
}
