package io.sidecert.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * A small client for the test servers' management APIs (Pebble's on 15000, challtestsrv's on 8055).
 *
 * <p>A container's "listening" log line comes just before its listener is bound, so a refused connection
 * is retried for a few seconds.
 */
final class ManagementClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final URI base;
    private final HttpClient http;

    private ManagementClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    static ManagementClient plainHttp(URI base) {
        return new ManagementClient(base, HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build());
    }

    static ManagementClient https(URI base, SSLContext tls) {
        return new ManagementClient(base,
                HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).sslContext(tls).build());
    }

    /** GETs {@code path} and returns the body; anything but 200 is an error. */
    String get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /** POSTs {@code body} as JSON to {@code path}; anything but 200 is an error. */
    String post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))).build());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + value, e);
        }
    }

    private String send(HttpRequest request) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(request.method() + " " + request.uri() + ": HTTP "
                            + response.statusCode() + ": " + response.body());
                }
                return response.body();
            } catch (ConnectException | javax.net.ssl.SSLHandshakeException e) {
                // Refused, or accepted by Docker's port proxy and closed: the container's listener is not up yet.
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(request.uri() + " still refuses connections after "
                            + READY_TIMEOUT.toSeconds() + " s", e);
                }
                pause();
            } catch (IOException e) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted: " + request.uri(), e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
