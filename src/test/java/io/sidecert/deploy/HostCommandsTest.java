package io.sidecert.deploy;

import static io.sidecert.deploy.ReloadEvents.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.DockerSettings;
import io.sidecert.config.ReloadCommand;
import io.sidecert.config.ReloadSettings;
import io.sidecert.event.RenewalEvent.ReloadFailed;
import io.sidecert.event.RenewalEvent.Reloaded;
import io.sidecert.event.RenewalEvent.ServedCertificate;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.LogListener;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.CombinedPem;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.HaproxyProxy;
import io.sidecert.testing.TestCertificates;
import io.sidecert.testing.TlsProxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reload.commands} driving real proxies the way a host's would be: nginx through {@code nginx -t} and
 * {@code nginx -s reload}, HAProxy through {@code haproxy -c} and SIGUSR2, each run by sidecert as a command on this
 * host ({@code docker exec} / {@code docker kill} reach the test's containers), with no container target and no
 * Docker API client in sidecert. The served serial is checked over TLS by sidecert and by the test.
 */
@Tag("container")
class HostCommandsTest {
    private static final String SHOP = "shop";
    private static final String SHOP_HOST = "shop.sidecert.test";
    private static final String LB = "lb";
    private static final String LB_HOST = "lb.sidecert.test";

    @TempDir
    static Path certificates;
    static CertbotLayoutStore store;
    static TlsProxy nginx;

    @TempDir
    Path state;
    final ReloadEvents events = new ReloadEvents();

    @BeforeAll
    static void startNginx() throws Exception {
        store = new CertbotLayoutStore(certificates, FileModes.defaults(), FileOwnership.unchanged(), CombinedPem.WRITE);
        renew(SHOP, SHOP_HOST);
        nginx = TlsProxy.start(certificates, Map.of(SHOP, SHOP_HOST));
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void nginxTestedReloadedAndServingTheNewSerial() throws Exception {
        ProxyReloader reloader = reloader(nginxCommand());
        int reloadsBefore = nginx.reloads();

        StoredCertificate renewed = renew(SHOP, SHOP_HOST);
        reloader.reload(List.of(change(renewed)));

        Reloaded reloaded = events.only(Reloaded.class);
        assertEquals(nginxCommand().describe(), reloaded.target());
        assertTrue(reloaded.how().startsWith("`docker exec " + nginx.containerName() + " nginx -t` passed, then "),
                reloaded.how());
        ServedCertificate served = events.only(ServedCertificate.class);
        assertTrue(served.ok(), served.detail());
        assertEquals(renewed.facts().serial(), nginx.servedSerial(SHOP_HOST), "seen from the test, too");
        assertEquals(reloadsBefore + 1, nginx.reloads(), nginx.logs());
        assertEquals(ReloadStatus.State.OK, reloader.current().state(), reloader.current().toString());
    }

    @Test
    void aFailingTestLeavesNginxUntouchedAndTheChangePendingUntilItPasses() throws Exception {
        ReloadCommand command = nginxCommand();
        BigInteger before = nginx.servedSerial(SHOP_HOST);
        int reloadsBefore = nginx.reloads();
        Path broken = Files.writeString(nginx.sites().resolve("broken.conf"), "include /etc/nginx/missing.conf;\n");
        StoredCertificate renewed;
        try {
            renewed = renew(SHOP, SHOP_HOST);
            reloader(command).reload(List.of(change(renewed)));

            ReloadFailed failed = events.only(ReloadFailed.class);
            assertTrue(failed.reason().contains("nginx -t` failed (exit 1;"), failed.reason());
            assertTrue(failed.reason().contains("/etc/nginx/missing.conf"), "nginx -t's own words: " + failed.reason());
            assertEquals(List.of(), events.all(Reloaded.class));
            assertEquals(reloadsBefore, nginx.reloads(), "not reloaded: " + nginx.logs());
            assertEquals(before, nginx.servedSerial(SHOP_HOST), "still the old certificate");
        } finally {
            Files.delete(broken);
        }
        events.clear();

        ProxyReloader restarted = reloader(command);
        restarted.reload(List.of());

        assertEquals(List.of(SHOP), events.only(Reloaded.class).certificates(), "retried after a restart");
        assertTrue(events.only(ServedCertificate.class).ok(), events.seen.toString());
        assertEquals(renewed.facts().serial(), nginx.servedSerial(SHOP_HOST));
        assertEquals(Set.of(), restarted.current().pendingCertificates());
    }

    @Test
    void haproxyServesCombinedPemBeforeAndAfterARenewalAndAReloadCommand() throws Exception {
        StoredCertificate first = renew(LB, LB_HOST);
        try (HaproxyProxy haproxy = HaproxyProxy.start(certificates, LB)) {
            assertEquals(first.facts().serial(), haproxy.servedSerial(LB_HOST), haproxy.logs());
            ReloadCommand command = new ReloadCommand(Optional.of(haproxy.configTest()), haproxy.reload(),
                    Duration.ofSeconds(20), Optional.of(new ReloadCommand.Verify(haproxy.address(), 443)));

            StoredCertificate renewed = renew(LB, LB_HOST);
            reloader(command).reload(List.of(change(renewed)));

            ServedCertificate served = events.only(ServedCertificate.class);
            assertTrue(served.ok(), served.detail() + "\n" + haproxy.logs());
            assertNotEquals(first.facts().serial(), renewed.facts().serial());
            assertEquals(renewed.facts().serial(), haproxy.servedSerial(LB_HOST), "seen from the test, too");
            assertFalse(Files.isSymbolicLink(certificates.resolve("live/lb/combined.pem")), "a file of the version");
        }
    }

    private static ReloadCommand nginxCommand() {
        String container = nginx.containerName();
        return new ReloadCommand(Optional.of(List.of("docker", "exec", container, "nginx", "-t")),
                List.of("docker", "exec", container, "nginx", "-s", "reload"), Duration.ofSeconds(20),
                Optional.of(new ReloadCommand.Verify(nginx.address(), 443)));
    }

    private ProxyReloader reloader(ReloadCommand command) {
        ReloadSettings settings = new ReloadSettings(DockerSettings.local(), List.of(), true, Duration.ofSeconds(20),
                List.of(command));
        return new ProxyReloader(settings, Optional.empty(), state, certificates,
                new RenewalEvents().subscribe(new LogListener()).subscribe(events), Clock.systemUTC());
    }

    private static StoredCertificate renew(String name, String host) throws Exception {
        return store.save(name, TestCertificates.issue(host));
    }
}
