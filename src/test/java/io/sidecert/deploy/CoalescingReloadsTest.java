package io.sidecert.deploy;

import static io.sidecert.deploy.FakeEngine.running;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.config.DockerSettings;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.ReloadTarget;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's reloads: certificates stored close together give one reload per proxy. */
class CoalescingReloadsTest {
    private static final Map<String, String> LABELLED = Map.of("sidecert.reload", "true");

    @TempDir
    Path state;
    final FakeEngine engine = new FakeEngine().with(running("nginx", LABELLED));

    @Test
    void threeCertificatesStoredWithinTheWindowGiveOneReload() throws Exception {
        try (CoalescingReloads reloads = new CoalescingReloads(reloader(), Duration.ofMillis(200))) {
            reloads.reload(List.of(change("a", 1)));
            reloads.reload(List.of(change("b", 2)));
            Thread.sleep(50);
            reloads.reload(List.of(change("c", 3)));

            awaitCalls(2);
            Thread.sleep(400);   // would a second reload come?
        }

        assertEquals(List.of("nginx: nginx -t", "nginx: SIGHUP"), engine.calls);
    }

    @Test
    void certificatesStoredApartGiveOneReloadEach() throws Exception {
        try (CoalescingReloads reloads = new CoalescingReloads(reloader(), Duration.ofMillis(100))) {
            reloads.reload(List.of(change("a", 1)));
            awaitCalls(2);
            reloads.reload(List.of(change("b", 2)));
            awaitCalls(4);
        }

        assertEquals(List.of("nginx: nginx -t", "nginx: SIGHUP", "nginx: nginx -t", "nginx: SIGHUP"), engine.calls);
    }

    private void awaitCalls(int count) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(5);
        while (engine.calls.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertEquals(count, engine.calls.size(), engine.calls.toString());
    }

    private ProxyReloader reloader() {
        DockerSettings docker = new DockerSettings(URI.create("unix:///var/run/docker.sock"), false, Optional.empty());
        ReloadTarget target = new ReloadTarget(new ReloadTarget.ByLabel("sidecert.reload", Optional.of("true")),
                new ReloadTarget.Signal("HUP"), Optional.of(List.of("nginx", "-t")), Optional.empty(), 443);
        ReloadSettings settings = new ReloadSettings(docker, List.of(target), false, Duration.ofSeconds(5), List.of());
        return new ProxyReloader(settings, Optional.of(engine), state, state, event -> { }, Clock.systemUTC());
    }

    private static CertificateChange change(String name, int serial) {
        return new CertificateChange(name, List.of(name + ".example.com"), BigInteger.valueOf(serial));
    }
}
