package io.sidecert.challenge.dns01.cloudflare;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidecert.challenge.dns01.DnsProvider;
import io.sidecert.challenge.dns01.DnsProviderException;
import io.sidecert.challenge.dns01.Propagation;
import io.sidecert.challenge.dns01.TxtRecord;
import io.sidecert.config.DnsProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes TXT records through Cloudflare's API v4 with an API token: the zone is found with
 * {@code GET /zones?name=}, walking up from the record's name; a record is created with
 * {@code POST /zones/{zone}/dns_records} and deleted with {@code DELETE /zones/{zone}/dns_records/{id}}, by the
 * id Cloudflare gave it, so only sidecert's own record goes.
 */
public final class CloudflareProvider implements DnsProvider {
    /** Cloudflare's shortest TTL for non-enterprise zones is 60 s; 120 s is what certbot's plugin uses. */
    static final int TTL_SECONDS = 120;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DnsProviderSettings.Cloudflare settings;
    private final HttpClient http;
    private final Map<String, String> zoneIds = new ConcurrentHashMap<>();
    private final Map<TxtRecord, Created> created = new ConcurrentHashMap<>();

    public CloudflareProvider(DnsProviderSettings.Cloudflare settings) {
        this(settings, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
    }

    CloudflareProvider(DnsProviderSettings.Cloudflare settings, HttpClient http) {
        this.settings = requireNonNull(settings, "settings");
        this.http = requireNonNull(http, "http");
    }

    @Override
    public void present(TxtRecord record) throws DnsProviderException, InterruptedException {
        String zoneId = zoneId(record.name());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "TXT");
        body.put("name", record.name());
        body.put("content", record.value());
        body.put("ttl", TTL_SECONDS);
        body.put("comment", "sidecert ACME challenge, removed after validation");
        JsonNode result = call("POST", "/zones/" + zoneId + "/dns_records", body, "create TXT " + record.name());
        String id = result.path("id").asText("");
        if (id.isEmpty()) {
            throw new DnsProviderException("Cloudflare created TXT " + record.name() + " but returned no record id");
        }
        created.put(record, new Created(zoneId, id));
    }

    @Override
    public void cleanUp(TxtRecord record) throws DnsProviderException, InterruptedException {
        Created done = created.remove(record);
        if (done != null) {
            call("DELETE", "/zones/" + done.zoneId() + "/dns_records/" + done.recordId(), null,
                    "delete TXT " + record.name() + " (record " + done.recordId() + ")");
        }
    }

    @Override
    public Propagation propagation() {
        return new Propagation(settings.propagationTimeout(), settings.propagationInterval());
    }

    /** The id of the zone holding {@code name}: its nearest enclosing zone in the account, remembered per name. */
    private String zoneId(String name) throws DnsProviderException, InterruptedException {
        List<String> asked = new ArrayList<>();
        for (String candidate = name; candidate.contains("."); candidate = candidate.substring(candidate.indexOf('.') + 1)) {
            String cached = zoneIds.get(candidate);
            if (cached != null) {
                return cached;
            }
            asked.add(candidate);
            JsonNode zones = call("GET", "/zones?name=" + URLEncoder.encode(candidate, StandardCharsets.UTF_8), null,
                    "look up zone " + candidate);
            if (zones.isArray() && !zones.isEmpty() && zones.get(0).hasNonNull("id")) {
                String id = zones.get(0).get("id").asText();
                // Every name asked on the way lies in this zone: the apex's other records need no walk.
                asked.forEach(holder -> zoneIds.put(holder, id));
                return id;
            }
        }
        throw new DnsProviderException("zone not found: no zone of this Cloudflare account holds " + name
                + " (asked for " + String.join(", ", asked) + "); add the zone to the account, give the token access"
                + " to it, or delegate _acme-challenge with a CNAME into a zone the token can edit");
    }

    /** Sends one request and returns the envelope's {@code result}; every failure says what to do. */
    private JsonNode call(String method, String path, Object body, String what)
            throws DnsProviderException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiUrl() + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + settings.apiToken())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DnsProviderException("cannot reach Cloudflare at " + settings.apiUrl() + " to " + what + " ("
                    + e + "); check the network and api-url", e);
        }
        JsonNode envelope = parse(response.body());
        if (response.statusCode() / 100 == 2 && envelope.path("success").asBoolean(false)) {
            return envelope.path("result");
        }
        throw new DnsProviderException(CloudflareErrors.describe(what, response.statusCode(), envelope,
                settings.apiTokenFile().toString()));
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private record Created(String zoneId, String recordId) {
    }
}
