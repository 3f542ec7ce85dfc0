package io.sidecert.cli;

import static io.sidecert.cli.HttpIssuanceTest.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sidecert.event.RenewalEvent;
import io.sidecert.testing.ChallengeSite;
import io.sidecert.testing.CloudflareStub;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cloudflare provider end to end: sidecert talks to a stand-in of Cloudflare's API v4 that checks the token
 * and every request body, and puts each TXT record it receives into the DNS Pebble asks (pebble-challtestsrv),
 * so Pebble validates what the API got. Cloudflare's own nameservers are out of reach, so the propagation check
 * asks that DNS as a resolver ({@code propagation-check = resolvers}).
 */
@Tag("container")
class CloudflareIssuanceTest {
    private static final String TOKEN = "cf-test-token-with-dns-edit";

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    private CloudflareStub cloudflare;

    @BeforeEach
    void startCloudflare() {
        ChallengeSite dns = PEBBLE.ca().site();
        cloudflare = CloudflareStub.start(TOKEN, "sidecert.test", new CloudflareStub.Listener() {
            @Override
            public void added(String name, String value) {
                dns.addTxt(name, value);
            }

            @Override
            public void removed(String name, String value, List<String> remaining) {
                dns.clearTxt(name);
                remaining.forEach(other -> dns.addTxt(name, other));
            }
        });
    }

    @AfterEach
    void stopCloudflare() {
        cloudflare.close();
    }

    @Test
    void wildcardAndApexAreIssuedThroughTheApiAndBothRecordsAreDeletedAgain() throws Exception {
        Sidecert sidecert = sidecert(TOKEN).certificates(
                "cf { domains = [\"*.cf.sidecert.test\", cf.sidecert.test], challenge = dns-01, dns-provider = cloudflare }");

        List<RenewalEvent> events = sidecert.checkWithEvents();

        only(events, RenewalEvent.Renewed.class);
        assertEquals(Set.of("*.cf.sidecert.test", "cf.sidecert.test"), Set.copyOf(sidecert.live("cf").facts().domains()));
        assertEquals(List.of(), cloudflare.problems(), "every request was well-formed");
        List<JsonNode> created = cloudflare.requests().stream().filter(r -> r.method().equals("POST"))
                .map(r -> r.body().orElseThrow()).toList();
        assertEquals(2, created.size(), created::toString);
        for (JsonNode body : created) {
            assertEquals("TXT", body.get("type").asText());
            assertEquals("_acme-challenge.cf.sidecert.test", body.get("name").asText());
            assertEquals(120, body.get("ttl").asInt());
            assertTrue(body.get("content").asText().matches("[A-Za-z0-9_-]{43}"), body.toString());
        }
        assertEquals(2, created.stream().map(b -> b.get("content").asText()).collect(Collectors.toSet()).size(),
                "the wildcard and the apex have one value each");
        assertEquals(List.of("/client/v4/zones?name=_acme-challenge.cf.sidecert.test", "/client/v4/zones?name=cf.sidecert.test",
                        "/client/v4/zones?name=sidecert.test"),
                cloudflare.requests().stream().filter(r -> r.method().equals("GET")).map(CloudflareStub.Request::path)
                        .toList(), "the zone is found walking up from the record's name, then remembered");
        assertEquals(2, cloudflare.requests().stream().filter(r -> r.method().equals("DELETE")).count());
        assertEquals(0, cloudflare.records().size(), "no record left in the zone");
    }

    @Test
    void aRefusedTokenFailsWithWhatToFix() throws Exception {
        Sidecert sidecert = sidecert("an-expired-token").certificates(
                "denied { domains = [denied.sidecert.test], challenge = dns-01, dns-provider = cloudflare }");

        RenewalEvent.Failed failed = only(sidecert.checkWithEvents(), RenewalEvent.Failed.class);

        String message = failed.message();
        assertTrue(message.contains("[denied] dns-01 present denied.sidecert.test: Cloudflare refused the API token"),
                message);
        assertTrue(message.contains("HTTP 403 (9109 Invalid access token)"), message);
        assertTrue(message.contains("cf-token is valid and may edit DNS of the zone"), message);
        assertEquals(0, cloudflare.records().size());
    }

    private Sidecert sidecert(String token) throws Exception {
        Files.writeString(dir.resolve("cf-token"), token + "\n");
        return new Sidecert(dir, PEBBLE.ca()).settings(
                "dns-01 { resolvers = [\"" + PEBBLE.ca().site().dnsServer() + "\"], propagation-check = resolvers,",
                "         propagation-timeout = 20s, propagation-interval = 200ms }",
                "dns-providers {",
                "  cloudflare { type = cloudflare, api-token-file = cf-token, api-url = \"" + cloudflare.apiUrl() + "\" }",
                "}");
    }
}
