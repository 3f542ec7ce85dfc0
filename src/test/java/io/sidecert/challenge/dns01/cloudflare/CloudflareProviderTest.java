package io.sidecert.challenge.dns01.cloudflare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.challenge.dns01.DnsProviderException;
import io.sidecert.challenge.dns01.TxtRecord;
import io.sidecert.config.DnsProviderSettings;
import io.sidecert.testing.CloudflareStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Against the API stand-in only, without Pebble: the request shapes, the zone walk, the error messages. */
class CloudflareProviderTest {
    private static final String TOKEN = "token-1";
    private static final TxtRecord RECORD = new TxtRecord("shop.example.com", "_acme-challenge.shop.example.com", "v1");

    private final List<String> events = new ArrayList<>();
    private final CloudflareStub stub = CloudflareStub.start(TOKEN, "example.com", new CloudflareStub.Listener() {
        @Override
        public void added(String name, String value) {
            events.add("added " + name + " " + value);
        }

        @Override
        public void removed(String name, String value, List<String> remaining) {
            events.add("removed " + name + " " + value + " leaving " + remaining);
        }
    });

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void createsInTheEnclosingZoneAndDeletesByTheIdItGot() throws Exception {
        CloudflareProvider provider = provider(TOKEN);
        TxtRecord second = new TxtRecord("example.com", "_acme-challenge.shop.example.com", "v2");

        provider.present(RECORD);
        provider.present(second);
        provider.cleanUp(RECORD);
        provider.cleanUp(second);

        assertEquals(List.of("added _acme-challenge.shop.example.com v1", "added _acme-challenge.shop.example.com v2",
                "removed _acme-challenge.shop.example.com v1 leaving [v2]",
                "removed _acme-challenge.shop.example.com v2 leaving []"), events);
        assertEquals(List.of(), stub.problems());
        assertEquals(3, stub.requests().stream().filter(r -> r.method().equals("GET")).count(),
                "walked up three names once, then remembered the zone");
    }

    @Test
    void aNameOutsideEveryZoneOfTheAccountIsZoneNotFound() {
        DnsProviderException e = assertThrows(DnsProviderException.class, () -> provider(TOKEN)
                .present(new TxtRecord("example.org", "_acme-challenge.example.org", "v1")));

        assertTrue(e.getMessage().startsWith("zone not found: no zone of this Cloudflare account holds "
                + "_acme-challenge.example.org (asked for _acme-challenge.example.org, example.org)"), e.getMessage());
    }

    @Test
    void aWrongTokenIsAClear403() {
        DnsProviderException e = assertThrows(DnsProviderException.class, () -> provider("wrong").present(RECORD));

        assertTrue(e.getMessage().startsWith("Cloudflare refused the API token to look up zone "
                + "_acme-challenge.shop.example.com: Cloudflare answered HTTP 403 (9109 Invalid access token); check that "
                + "the token in /run/secrets/cloudflare is valid"), e.getMessage());
    }

    @Test
    void cleanupOfARecordItNeverCreatedDoesNothing() throws Exception {
        provider(TOKEN).cleanUp(RECORD);

        assertEquals(List.of(), stub.requests());
    }

    private CloudflareProvider provider(String token) {
        return new CloudflareProvider(new DnsProviderSettings.Cloudflare("cloudflare", token,
                Path.of("/run/secrets/cloudflare"), stub.apiUrl(), Duration.ofSeconds(60), Duration.ofSeconds(1)));
    }
}
