package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.KeyType;
import io.sidecert.event.RenewalEvent;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import io.sidecert.testing.TestCertificates;
import io.sidecert.testing.TlsProxy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way through the wired daemon: Pebble issues, the store switches, and the nginx beside sidecert, found
 * by its label through the Docker socket, passes {@code nginx -t}, gets SIGHUP and serves the CA's certificate.
 */
@Tag("container")
class ProxyReloadTest {
    private static final String HOST = "web.sidecert.test";

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;
    Sidecert sidecert;
    TlsProxy proxy;

    /** nginx starts on a placeholder that is nearly expired, so the first check renews it. */
    @BeforeEach
    void startProxy() throws Exception {
        sidecert = new Sidecert(dir, PEBBLE.ca());
        Instant now = Instant.now();
        new CertbotLayoutStore(dir.resolve("certs"), FileModes.defaults(), FileOwnership.unchanged()).save("web",
                TestCertificates.issue(List.of(HOST), KeyType.EC_P256, now.minus(Duration.ofDays(1)), now.plus(Duration.ofHours(1))));
        proxy = TlsProxy.start(dir.resolve("certs"), Map.of("web", HOST));
        sidecert.reload("targets = [ { label = \"" + proxy.label() + "\" } ], verify.timeout = 20s")
                .certificates("web { domains = [" + HOST + "] }");
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    void aCheckThatRenewsReloadsTheProxyWhichThenServesTheCaCertificate() throws Exception {
        BigInteger placeholder = proxy.servedSerial(HOST);

        List<RenewalEvent> events = sidecert.checkWithEvents();

        BigInteger issued = sidecert.live("web").facts().serial();
        assertNotEquals(placeholder, issued);
        RenewalEvent.Reloaded reloaded = only(events, RenewalEvent.Reloaded.class);
        assertEquals(proxy.containerName(), reloaded.target());
        assertEquals("`nginx -t` passed, then SIGHUP", reloaded.how());
        assertTrue(only(events, RenewalEvent.ServedCertificate.class).ok(), events.toString());
        assertEquals(issued, proxy.servedSerial(HOST));
        assertEquals(1, proxy.reloads());
    }

    @Test
    void renewForceReloadsTheProxyToo() throws Exception {
        sidecert.check().expect(0);
        BigInteger before = proxy.servedSerial(HOST);

        sidecert.run("renew", "web", "--force").expect(0);

        BigInteger renewed = sidecert.live("web").facts().serial();
        assertNotEquals(before, renewed);
        assertEquals(renewed, proxy.servedSerial(HOST));
        assertEquals(2, proxy.reloads());
    }

    @Test
    void renewExitsThreeWhenTheCertificateIsStoredButNoProxyTookIt() throws Exception {
        sidecert.reload("targets = [ { container = sidecert-test-no-such-proxy } ]")
                .certificates("web { domains = [" + HOST + "] }");

        Sidecert.Run renew = sidecert.run("renew", "web", "--force").expect(3);

        assertTrue(renew.err().contains("web: stored, but a proxy has not loaded it"), renew.err());
        assertTrue(renew.out().contains("web: renewed"), renew.out());
    }

    /**
     * The built-in target means the labelled proxies of sidecert's own compose project or stack. This test runs
     * sidecert outside any container, as the jar on a host: the labelled nginx of someone else's project on the same
     * engine is left alone, and nothing fails for it.
     */
    @Test
    void withTheDefaultTargetASidecertOutsideContainersReloadsNoOtherProjectsProxy() throws Exception {
        sidecert.reload("").certificates("web { domains = [" + HOST + "] }");

        List<RenewalEvent> events = sidecert.checkWithEvents();

        assertNotEquals(BigInteger.ZERO, sidecert.live("web").facts().serial());
        assertEquals(0, proxy.reloads(), "another project's labelled nginx got no SIGHUP");
        assertTrue(events.stream().noneMatch(e -> e instanceof RenewalEvent.ReloadFailed), events.toString());
        assertTrue(events.stream().anyMatch(e -> e instanceof RenewalEvent.Renewed), events.toString());
    }

    private static <T extends RenewalEvent> T only(List<RenewalEvent> events, Class<T> type) {
        List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertEquals(1, found.size(), () -> type.getSimpleName() + " in " + events);
        return found.get(0);
    }
}
