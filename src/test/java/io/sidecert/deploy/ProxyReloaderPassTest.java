package io.sidecert.deploy;


import static io.sidecert.deploy.FakeEngine.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.DockerSettings;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.ReloadTarget;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalEvent.ReloadFailed;
import io.sidecert.event.RenewalEvent.Reloaded;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reloader's bookkeeping over a fake engine: what is reloaded when, and what is remembered. */
class ProxyReloaderPassTest {
    private static final Map<String, String> LABELLED = Map.of("sidecert.reload", "true");
    private static final ReloadTarget BY_LABEL = target(new ReloadTarget.ByLabel("sidecert.reload", Optional.of("true")));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path state;
    final ReloadEvents events = new ReloadEvents();
    final FakeEngine engine = new FakeEngine();

    @Test
    void nothingRenewedMeansNothingIsRunOrSent() {
        engine.with(running("nginx", LABELLED));
        ProxyReloader reloader = reloader(BY_LABEL);

        reloader.reload(List.of());

        assertEquals(List.of(), engine.calls);
        assertEquals(List.of(), events.seen);
        assertEquals(ReloadStatus.State.OK, reloader.current().state());
    }

    @Test
    void threeRenewalsInOneCheckReloadEachContainerOnce() {
        engine.with(running("nginx-1", LABELLED), running("nginx-2", LABELLED), running("db", Map.of()));
        ProxyReloader reloader = reloader(BY_LABEL);

        reloader.reload(List.of(change("shop", 1), change("api", 2), change("blog", 3)));

        assertEquals(List.of("nginx-1: nginx -t", "nginx-1: SIGHUP"), engine.callsTo("nginx-1"));
        assertEquals(List.of("nginx-2: nginx -t", "nginx-2: SIGHUP"), engine.callsTo("nginx-2"));
        assertEquals(List.of(), engine.callsTo("db"));
        assertEquals(2, events.all(Reloaded.class).size());
        assertEquals(List.of("api", "blog", "shop"), events.all(Reloaded.class).get(0).certificates());
    }

    @Test
    void aContainerTwoTargetsSelectIsReloadedOnceWithTheFirstTargetsSettings() {
        engine.with(running("web-1", Map.of("sidecert.reload", "true", "com.docker.compose.service", "web")));
        ReloadTarget byService = new ReloadTarget(new ReloadTarget.ByService("web"),
                new ReloadTarget.Exec(List.of("nginx", "-s", "reload")), Optional.empty(), Optional.empty(), 443);
        ProxyReloader reloader = reloader(byService, BY_LABEL);

        reloader.reload(List.of(change("shop", 1)));

        assertEquals(List.of("web-1: nginx -s reload"), engine.calls);
    }

    @Test
    void aFailedConfigTestIsRetriedForThatContainerOnly() {
        engine.with(running("good", LABELLED), running("bad", LABELLED));
        engine.answer("bad", "nginx -t", new CommandResult(1,
                "nginx: [emerg] unknown directive \"ssl_certificat\" in /etc/nginx/conf.d/shop.conf:7\n"
                        + "nginx: configuration file /etc/nginx/nginx.conf test failed"));
        ProxyReloader reloader = reloader(BY_LABEL);

        reloader.reload(List.of(change("shop", 1)));

        assertEquals(List.of("bad: nginx -t"), engine.callsTo("bad"), "no signal after a failed test");
        ReloadFailed failed = events.only(ReloadFailed.class);
        assertEquals("bad", failed.target());
        assertTrue(failed.reason().contains("unknown directive \"ssl_certificat\" in /etc/nginx/conf.d/shop.conf:7 | "
                + "nginx: configuration file /etc/nginx/nginx.conf test failed"), failed.reason());
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());
        assertEquals(Set.of("shop"), reloader.current().pendingCertificates());

        engine.calls.clear();
        engine.answer("bad", "nginx -t", new CommandResult(0, "nginx: configuration file /etc/nginx/nginx.conf test is successful"));
        reloader.reload(List.of());

        assertEquals(List.of("bad: nginx -t", "bad: SIGHUP"), engine.calls, "the next check retries, only where it failed");
        assertEquals(ReloadStatus.State.OK, reloader.current().state());
        assertEquals(Set.of(), reloader.current().pendingCertificates());
    }

    @Test
    void aReloadThatDidNotHappenSurvivesARestart() {
        engine.with(running("nginx", LABELLED));
        engine.unreachable(Optional.of("cannot reach Docker: /var/run/docker.sock does not exist"));
        ProxyReloader before = reloader(BY_LABEL);
        before.reload(List.of(change("shop", 1)));

        engine.unreachable(Optional.empty());
        ProxyReloader after = reloader(BY_LABEL);
        assertEquals(Set.of("shop"), after.current().pendingCertificates());
        after.reload(List.of());

        assertEquals(List.of("nginx: nginx -t", "nginx: SIGHUP"), engine.calls);
    }

    @Test
    void unreachableDockerKeepsEverythingForTheNextCheck() {
        engine.with(running("nginx", LABELLED));
        engine.unreachable(Optional.of("cannot reach Docker: permission denied on /var/run/docker.sock"));
        ProxyReloader reloader = reloader(BY_LABEL);

        reloader.reload(List.of(change("shop", 1)));

        ReloadFailed failed = events.only(ReloadFailed.class);
        assertEquals("docker", failed.target());
        assertEquals("cannot reach Docker: permission denied on /var/run/docker.sock; the reload is tried again at "
                + "the next check", failed.reason());
        assertEquals(List.of("shop"), failed.certificates());
        assertEquals(Optional.of(false), reloader.current().dockerReachable());
        assertEquals(ReloadStatus.State.DOCKER_UNREACHABLE, reloader.current().state());

        engine.unreachable(Optional.empty());
        reloader.reload(List.of());
        assertEquals(List.of("nginx: nginx -t", "nginx: SIGHUP"), engine.calls);
        assertEquals(ReloadStatus.State.OK, reloader.current().state());
    }

    @Test
    void aProblemWhileNothingWaitsIsReportedOnceNotAtEveryCheck() {
        ProxyReloader reloader = reloader(BY_LABEL);

        reloader.reload(List.of());
        reloader.reload(List.of());
        reloader.reload(List.of());

        ReloadFailed failed = events.only(ReloadFailed.class);
        assertEquals("label sidecert.reload=true", failed.target());
        assertTrue(failed.reason().startsWith("no container on this Docker node has label sidecert.reload=true"),
                failed.reason());
        assertEquals(List.of(), failed.certificates());
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state(), "health stays degraded");
    }

    @Test
    void aTargetFoundAgainStopsBeingAProblem() {
        ProxyReloader reloader = reloader(BY_LABEL);
        reloader.reload(List.of());
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());

        engine.with(running("nginx", LABELLED));
        reloader.reload(List.of());

        assertEquals(ReloadStatus.State.OK, reloader.current().state());
        assertEquals(List.of(), reloader.current().problems());
    }


    private ProxyReloader reloader(ReloadTarget... targets) {
        ReloadSettings settings = new ReloadSettings(DockerSettings.local(), List.of(targets), false,
                Duration.ofSeconds(1), List.of());
        return new ProxyReloader(settings, Optional.of(engine), state, state, events, CLOCK);
    }

    private static ReloadTarget target(ReloadTarget.Selector selector) {
        return new ReloadTarget(selector, new ReloadTarget.Signal("HUP"), Optional.of(List.of("nginx", "-t")),
                Optional.empty(), 443);
    }

    private static CertificateChange change(String name, int serial) {
        return new CertificateChange(name, List.of(name + ".example.com"), BigInteger.valueOf(serial));
    }
}
