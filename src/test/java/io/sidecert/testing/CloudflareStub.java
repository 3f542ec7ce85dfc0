package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the three endpoints of Cloudflare's API v4 that DNS-01 uses, checked as strictly as the real
 * one: {@code GET /zones?name=}, {@code POST /zones/{id}/dns_records} and {@code DELETE
 * /zones/{id}/dns_records/{record}}. Every request must carry {@code Authorization: Bearer <token>} (else 403,
 * code 9109, as Cloudflare answers an invalid token); a created record must be JSON with {@code type} TXT, a
 * {@code name} inside the zone, a {@code content} and a numeric {@code ttl} of 1 (automatic) or 60 to 86400
 * (else 400, and {@link #problems()} says why).
 *
 * <p>Each TXT record created or deleted is passed to a {@link Listener}, e.g. to put it into the DNS that
 * Pebble asks ({@link ChallengeSite#addTxt}), so that Pebble validates what the API received.
 */
public final class CloudflareStub implements AutoCloseable {
    public static final String ZONE_ID = "023e105f4ecef8ad9ca31a8372d0c353";
    private static final String BASE = "/client/v4";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Hears of every TXT record the stub created and deleted. */
    public interface Listener {
        void added(String name, String value);

        /** @param remaining the values still at {@code name} */
        void removed(String name, String value, List<String> remaining);
    }

    /** One request as received: method, path with query, and the JSON body if any. */
    public record Request(String method, String path, Optional<JsonNode> body) {
    }

    private final HttpServer server;
    private final String token;
    private final String zone;
    private final Listener listener;
    private final Map<String, JsonNode> records = new LinkedHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    private CloudflareStub(HttpServer server, String token, String zone, Listener listener) {
        this.server = server;
        this.token = token;
        this.zone = zone;
        this.listener = listener;
    }

    /** Serves the one zone {@code zone} to holders of {@code token}, on a free port of 127.0.0.1. */
    public static CloudflareStub start(String token, String zone, Listener listener) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            CloudflareStub stub = new CloudflareStub(server, requireNonNull(token, "token"), requireNonNull(zone, "zone"),
                    requireNonNull(listener, "listener"));
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "cloudflare-stub");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Cloudflare stub", e);
        }
    }

    /** For sidecert's {@code api-url}. */
    public URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Why requests were rejected as malformed; empty when sidecert spoke the API correctly. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The TXT records that exist now: id to record. */
    public synchronized Map<String, JsonNode> records() {
        return Map.copyOf(records);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Optional<JsonNode> body = raw.length == 0 ? Optional.empty() : Optional.of(JSON.readTree(raw));
            requests.add(new Request(exchange.getRequestMethod(), path + (query.isEmpty() ? "" : "?" + query), body));
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 403, 9109, "Invalid access token");
                return;
            }
            route(exchange, exchange.getRequestMethod(), path, query, body);
        }
    }

    private void route(HttpExchange exchange, String method, String path, String query, Optional<JsonNode> body)
            throws IOException {
        String records = BASE + "/zones/" + ZONE_ID + "/dns_records";
        if (method.equals("GET") && path.equals(BASE + "/zones")) {
            String name = parameter(query, "name");
            send(exchange, 200, envelope(name.equals(zone) ? List.of(Map.of("id", ZONE_ID, "name", zone)) : List.of()));
        } else if (method.equals("POST") && path.equals(records)) {
            create(exchange, body);
        } else if (method.equals("DELETE") && path.startsWith(records + "/")) {
            delete(exchange, path.substring(records.length() + 1));
        } else {
            error(exchange, 404, 7003, "Could not route to " + path + ", perhaps your object identifier is invalid?");
        }
    }

    private void create(HttpExchange exchange, Optional<JsonNode> body) throws IOException {
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        Optional<String> problem = body.isEmpty() || !contentType.startsWith("application/json")
                ? Optional.of("a record must be sent as JSON, got Content-Type " + contentType)
                : invalidRecord(body.get());
        if (problem.isPresent()) {
            problems.add(problem.get());
            error(exchange, 400, 9005, problem.get());
            return;
        }
        String id = "rec" + ids.incrementAndGet();
        JsonNode record = JSON.valueToTree(Map.of("id", id, "type", "TXT", "name", body.get().get("name").asText(),
                "content", body.get().get("content").asText(), "ttl", body.get().get("ttl").asInt()));
        synchronized (this) {
            records.put(id, record);
        }
        listener.added(record.get("name").asText(), record.get("content").asText());
        send(exchange, 200, envelope(record));
    }

    private void delete(HttpExchange exchange, String id) throws IOException {
        JsonNode removed;
        List<String> remaining = new ArrayList<>();
        synchronized (this) {
            removed = records.remove(id);
            if (removed != null) {
                records.values().stream().filter(r -> r.get("name").asText().equals(removed.get("name").asText()))
                        .forEach(r -> remaining.add(r.get("content").asText()));
            }
        }
        if (removed == null) {
            error(exchange, 404, 81044, "Record does not exist.");
            return;
        }
        listener.removed(removed.get("name").asText(), removed.get("content").asText(), remaining);
        send(exchange, 200, envelope(Map.of("id", id)));
    }

    private Optional<String> invalidRecord(JsonNode body) {
        if (!"TXT".equals(body.path("type").asText())) {
            return Optional.of("type must be TXT: " + body);
        }
        String name = body.path("name").asText("");
        if (!(name.equals(zone) || name.endsWith("." + zone))) {
            return Optional.of("name " + name + " is not in zone " + zone);
        }
        if (body.path("content").asText("").isEmpty()) {
            return Optional.of("content is missing: " + body);
        }
        JsonNode ttl = body.path("ttl");
        if (!ttl.isInt() || !(ttl.asInt() == 1 || ttl.asInt() >= 60 && ttl.asInt() <= 86400)) {
            return Optional.of("ttl must be 1 or 60..86400: " + body);
        }
        return Optional.empty();
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static Map<String, Object> envelope(Object result) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("success", true);
        envelope.put("errors", List.of());
        envelope.put("messages", List.of());
        envelope.put("result", result);
        return envelope;
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("success", false);
        envelope.put("errors", List.of(Map.of("code", code, "message", message)));
        envelope.put("messages", List.of());
        envelope.put("result", null);
        send(exchange, status, envelope);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
