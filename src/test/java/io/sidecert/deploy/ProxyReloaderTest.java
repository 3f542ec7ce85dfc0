package io.sidecert.deploy;

import static io.sidecert.deploy.ReloadEvents.change;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.DockerSettings;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.ReloadTarget;
import io.sidecert.event.RenewalEvent.ReloadFailed;
import io.sidecert.event.RenewalEvent.Reloaded;
import io.sidecert.event.RenewalEvent.ServedCertificate;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.LogListener;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.StoredCertificate;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProxyReloader} against a real nginx (one for the class) serving the store's certificates over TLS, through
 * the real Docker API: config test, signal, and a TLS check of what is served.
 */
@Tag("container")
class ProxyReloaderTest {
    private static final String ALPHA = "alpha";
    private static final String BETA = "beta";
    private static final Map<String, String> HOSTS = Map.of(ALPHA, "alpha.sidecert.test", BETA, "beta.sidecert.test");
    private static final List<String> NGINX_TEST = List.of("nginx", "-t");

    @TempDir
    static Path certificates;
    static CertbotLayoutStore store;
    static TlsProxy proxy;
    static DockerEngine docker;

    @TempDir
    Path state;
    final ReloadEvents events = new ReloadEvents();

    @BeforeAll
    static void startProxy() throws Exception {
        store = new CertbotLayoutStore(certificates, FileModes.defaults(), FileOwnership.unchanged());
        renew(ALPHA);
        renew(BETA);
        proxy = TlsProxy.start(certificates, HOSTS);
        docker = DockerEngine.connect(DockerSettings.local());
    }

    @AfterAll
    static void stopProxy() {
        if (docker != null) {
            docker.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void testsTheConfigThenSignalsAndTheNewCertificateIsServed() throws Exception {
        ProxyReloader reloader = reloader(target(new ReloadTarget.Signal("HUP"), Optional.of(NGINX_TEST)));
        int signalsBefore = proxy.reloads();

        StoredCertificate renewed = renew(ALPHA);
        reloader.reload(List.of(change(renewed)));

        Reloaded reloaded = events.only(Reloaded.class);
        assertEquals(proxy.containerName(), reloaded.target());
        assertEquals(List.of(ALPHA), reloaded.certificates());
        assertEquals("`nginx -t` passed, then SIGHUP", reloaded.how());
        assertEquals(signalsBefore + 1, proxy.reloads(), proxy.logs());
        ServedCertificate served = events.only(ServedCertificate.class);
        assertTrue(served.ok(), served.detail());
        assertEquals(ALPHA, served.certificate());
        assertEquals(renewed.facts().serial(), proxy.servedSerial(HOSTS.get(ALPHA)), "seen from the test, too");
        assertEquals(ReloadStatus.State.OK, reloader.current().state(), reloader.current().toString());
        assertFalse(Files.exists(state.resolve(PendingReloads.FILE_NAME)), "nothing left pending");
    }

    @Test
    void aFailingConfigTestMeansNoSignalAndTheNextCheckReloads() throws Exception {
        ProxyReloader reloader = reloader(target(new ReloadTarget.Signal("HUP"), Optional.of(NGINX_TEST)));
        BigInteger served = proxy.servedSerial(HOSTS.get(BETA));
        int signalsBefore = proxy.reloads();
        Path broken = Files.writeString(proxy.sites().resolve("broken.conf"), "include /etc/nginx/missing.conf;\n");
        StoredCertificate renewed;
        try {
            renewed = renew(BETA);
            reloader.reload(List.of(change(renewed)));

            ReloadFailed failed = events.only(ReloadFailed.class);
            assertTrue(failed.reason().contains("`nginx -t` failed (exit 1)"), failed.reason());
            assertTrue(failed.reason().contains("/etc/nginx/missing.conf"), "carries nginx -t's message: " + failed.reason());
            assertEquals(List.of(BETA), failed.certificates());
            assertEquals(List.of(), events.all(Reloaded.class));
            assertEquals(signalsBefore, proxy.reloads(), "no signal: " + proxy.logs());
            assertEquals(served, proxy.servedSerial(HOSTS.get(BETA)), "nginx still serves the old certificate");
            assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());
            assertEquals(java.util.Set.of(BETA), reloader.current().pendingCertificates());
            assertTrue(Files.exists(state.resolve(PendingReloads.FILE_NAME)), "a restart would retry");
        } finally {
            Files.delete(broken);
        }
        events.clear();

        reloader.reload(List.of());

        assertEquals(List.of(BETA), events.only(Reloaded.class).certificates());
        assertTrue(events.only(ServedCertificate.class).ok(), events.seen.toString());
        assertEquals(renewed.facts().serial(), proxy.servedSerial(HOSTS.get(BETA)));
        assertEquals(signalsBefore + 1, proxy.reloads());
        assertEquals(ReloadStatus.State.OK, reloader.current().state());
    }

    @Test
    void twoCertificatesRenewedInOneCheckMeanOneReload() throws Exception {
        ProxyReloader reloader = reloader(target(new ReloadTarget.Signal("HUP"), Optional.of(NGINX_TEST)));
        int signalsBefore = proxy.reloads();

        StoredCertificate alpha = renew(ALPHA);
        StoredCertificate beta = renew(BETA);
        reloader.reload(List.of(change(alpha), change(beta)));

        assertEquals(List.of(ALPHA, BETA), events.only(Reloaded.class).certificates());
        assertEquals(signalsBefore + 1, proxy.reloads());
        List<ServedCertificate> served = events.all(ServedCertificate.class);
        assertEquals(2, served.size(), served.toString());
        assertTrue(served.stream().allMatch(ServedCertificate::ok), served.toString());
        assertEquals(alpha.facts().serial(), proxy.servedSerial(HOSTS.get(ALPHA)));
        assertEquals(beta.facts().serial(), proxy.servedSerial(HOSTS.get(BETA)));
    }

    @Test
    void anExecReloadRunsItsCommandInsideTheContainer() throws Exception {
        ProxyReloader reloader = reloader(target(new ReloadTarget.Exec(List.of("nginx", "-s", "reload")),
                Optional.empty()));

        StoredCertificate renewed = renew(ALPHA);
        reloader.reload(List.of(change(renewed)));

        assertEquals("no config test, `nginx -s reload`", events.only(Reloaded.class).how());
        assertTrue(events.only(ServedCertificate.class).ok(), events.seen.toString());
        assertEquals(renewed.facts().serial(), proxy.servedSerial(HOSTS.get(ALPHA)));
    }

    @Test
    void aMissingContainerIsOneClearProblemAndNothingThrows() throws Exception {
        ReloadTarget missing = new ReloadTarget(new ReloadTarget.ByName("sidecert-no-such-proxy"),
                new ReloadTarget.Signal("HUP"), Optional.of(NGINX_TEST), Optional.empty(), 443);
        ProxyReloader reloader = reloader(missing);

        reloader.reload(List.of(change(renew(ALPHA))));

        ReloadFailed failed = events.only(ReloadFailed.class);
        assertEquals("container sidecert-no-such-proxy", failed.target());
        assertTrue(failed.reason().contains("no container on this Docker node is named sidecert-no-such-proxy"),
                failed.reason());
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());
        assertEquals(Optional.of(true), reloader.current().dockerReachable());
    }

    private ProxyReloader reloader(ReloadTarget target) {
        ReloadSettings settings = new ReloadSettings(DockerSettings.local(), List.of(target), true,
                Duration.ofSeconds(20), List.of());
        // Through the log listener too, so the test's output shows the lines a user would see.
        return new ProxyReloader(settings, Optional.of(docker), state, certificates, new RenewalEvents().subscribe(new LogListener()).subscribe(events),
                Clock.systemUTC());
    }

    /** Selects this class's nginx by its own label: other runs on this engine may label proxies sidecert.reload too. */
    private static ReloadTarget target(ReloadTarget.Action action, Optional<List<String>> configTest) {
        String[] label = proxy.label().split("=", 2);
        return new ReloadTarget(new ReloadTarget.ByLabel(label[0], Optional.of(label[1])), action, configTest,
                Optional.empty(), 443);
    }

    private static StoredCertificate renew(String name) throws Exception {
        return store.save(name, TestCertificates.issue(HOSTS.get(name)));
    }
}
