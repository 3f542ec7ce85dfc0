package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.KeyType;
import io.sidecert.event.RenewalEvent;
import io.sidecert.testing.AcmeFrontProxy;
import io.sidecert.testing.CertbotLineage;
import io.sidecert.testing.Command;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import io.sidecert.testing.TestCertificates;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate's life after its entry changes, against a real Pebble: removed (kept, listed, never renewed),
 * renamed (taken over with no second order), revoked and deleted; and certbot -> sidecert -> certbot with Debian's
 * certbot reading the lineage again.
 */
@Tag("container")
class CertificateLifecycleTest {
    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    @Test
    void removedEntriesAreKeptARenamedOneIsTakenOverAndUnconfiguredOnesAreRevokedAndDeleted() throws Exception {
        try (AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).through(front).certificates(
                    "shop { domains = [shop.sidecert.test] }", "blog { domains = [blog.sidecert.test] }",
                    "old { domains = [old.sidecert.test] }");
            sidecert.check().expect(0);
            assertEquals(3, newOrders(front));
            BigInteger shopSerial = sidecert.live("shop").facts().serial();

            sidecert.certificates("store { domains = [shop.sidecert.test] }");
            List<RenewalEvent> events = sidecert.checkWithEvents();

            assertEquals(3, newOrders(front), "the rename ordered nothing: " + front.orders());
            assertEquals(shopSerial, sidecert.live("store").facts().serial());
            assertFalse(Files.exists(dir.resolve("certs/live/shop")), "moved, not copied");
            assertTrue(events.stream().anyMatch(e -> e instanceof RenewalEvent.TakenOver t && t.from().equals("shop")));
            assertEquals(List.of("blog", "old"), events.stream().filter(RenewalEvent.NoLongerConfigured.class::isInstance)
                    .map(RenewalEvent::certificate).sorted().toList());
            String list = sidecert.run("list").expect(0).out();
            assertTrue(row(list, "blog").matches("blog +not configured +blog\\.sidecert\\.test .* 20\\d\\d-.*"),
                    "kept with its expiry: " + list);
            assertTrue(row(list, "store").contains("issued"), list);

            Sidecert.Run refused = sidecert.run("delete", "store").expect(1);
            assertTrue(refused.err().contains("'store' is configured in domains.conf; nothing was deleted"),
                    refused.err());
            Sidecert.Run revoked = sidecert.run("revoke", "old").expect(0);
            assertTrue(revoked.out().contains("revoked serial"), revoked.out());
            sidecert.run("delete", "old").expect(0);
            Sidecert.Run deleted = sidecert.run("delete", "blog", "--revoke").expect(0);
            assertTrue(deleted.out().contains("blog: revoked"), deleted.out());

            assertEquals(List.of("store"), Files.list(dir.resolve("certs/live")).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList());
            assertFalse(Files.exists(dir.resolve("certs/archive/blog")));
            assertFalse(Files.exists(dir.resolve("state/certificates/old.json")));
            assertEquals(3, newOrders(front), "revoking an unconfigured certificate does not replace it");
        }
    }

    @Test
    void certbotTakesBackAnAdoptedLineageAfterExportCertbot() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        Instant now = Instant.now();
        CertbotLineage.create(certs, "legacy", List.of(TestCertificates.issue(List.of("legacy.sidecert.test"),
                KeyType.EC_P256, now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)))));
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("legacy { domains = [legacy.sidecert.test] }");
        sidecert.check().expect(0);
        BigInteger renewed = sidecert.live("legacy").facts().serial();
        assertNotEquals(1, sidecert.live("legacy").version());
        Command.Result broken = certbot("renew");
        assertNotEquals(0, broken.exitCode(), "certbot cannot read sidecert's layout: " + broken.output());

        Sidecert.Run export = sidecert.run("export-certbot").expect(0);

        assertTrue(export.out().contains("legacy: version 2 exported"), export.out());
        Command.Result renew = certbot("renew");
        assertEquals(0, renew.exitCode(), renew.output());
        assertTrue(renew.output().contains("not yet due"), renew.output());
        Command.Result listed = certbot("certificates");
        assertTrue(listed.output().contains("Certificate Name: legacy"), listed.output());
        assertFalse(listed.output().contains("INVALID"), listed.output());
        assertEquals(renewed, sidecert.live("legacy").facts().serial(), "certbot's view is sidecert's last version");
    }

    private Command.Result certbot(String command) throws Exception {
        Files.createDirectories(dir.resolve("certbot-work"));
        return Command.of(dir, Duration.ofSeconds(60), "certbot", command, "--non-interactive",
                "--config-dir", dir.resolve("certs").toString(), "--work-dir", dir.resolve("certbot-work").toString(),
                "--logs-dir", dir.resolve("certbot-work").toString()).withEnvironment(Map.of()).run();
    }

    private static long newOrders(AcmeFrontProxy front) {
        return front.orders().stream().filter(o -> o.status() == 201).count();
    }

    private static String row(String list, String name) {
        return list.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("(no row for " + name + ")");
    }
}
