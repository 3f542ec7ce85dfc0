package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.sidecert.config.DockerSettings;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.ReloadTarget;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalEvent.ReloadFailed;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.LogListener;
import io.sidecert.observe.health.Health;
import io.sidecert.observe.health.HealthReport;
import io.sidecert.observe.health.HealthStatus;
import io.sidecert.observe.health.ReloadHealthContributor;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The real {@link DockerEngine} pointed where no Docker is: what the user sees is one log line saying what to fix,
 * and nothing escapes into the renewal. Needs no Docker engine.
 */
class DockerUnreachableTest {
    @TempDir
    Path state;
    final ReloadEvents recorded = new ReloadEvents();
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger sidecertLog = (Logger) LoggerFactory.getLogger("sidecert");
    private ProxyReloader reloader;
    private DockerEngine engine;

    @BeforeEach
    void captureLog() {
        log.start();
        sidecertLog.addAppender(log);
    }

    @AfterEach
    void release() {
        sidecertLog.detachAppender(log);
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aMissingSocketIsOneClearErrorLineAndTheRenewalGoesOn() {
        RenewalEvents events = wire("unix:///nonexistent.sock");

        reloader.reload(List.of(change()));

        ReloadFailed failed = recorded.only(ReloadFailed.class);
        assertEquals("docker", failed.target());
        assertEquals("cannot reach Docker: /nonexistent.sock does not exist; mount the socket into sidecert's "
                + "container (-v /var/run/docker.sock:/var/run/docker.sock), set docker.host, or set "
                + "reload.targets = [] if no proxy needs telling; the reload is tried again at the next check",
                failed.reason());
        List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
        assertEquals(1, errors.size(), log.list.toString());
        assertEquals("[reload docker] " + failed.reason(), errors.get(0).getFormattedMessage());
        assertEquals(Optional.of(false), reloader.current().dockerReachable());
        assertTrue(Files.exists(state.resolve(PendingReloads.FILE_NAME)), "kept for the next check, and a restart");
    }

    @Test
    void aDirectoryWhereTheSocketShouldBeIsNamedAsSuch(@TempDir Path notASocket) {
        RenewalEvents events = wire("unix://" + notASocket);

        reloader.reload(List.of());

        String reason = recorded.only(ReloadFailed.class).reason();
        assertTrue(reason.startsWith("cannot reach Docker: " + notASocket + " is a directory, not a socket"), reason);
    }

    @Test
    void nothingListeningOnTcpSaysSo() {
        RenewalEvents events = wire("tcp://127.0.0.1:1");

        reloader.reload(List.of());

        String reason = recorded.only(ReloadFailed.class).reason();
        assertTrue(reason.startsWith("cannot reach Docker at tcp://127.0.0.1:1 ("), reason);
        assertTrue(reason.contains("Connection refused"), reason);
    }

    @Test
    void healthTurnsDegradedWhileDockerIsUnreachable() {
        RenewalEvents events = wire("unix:///nonexistent.sock");
        Health health = new Health(Clock.systemUTC()).add(new ReloadHealthContributor(reloader));
        assertEquals(HealthStatus.OK, health.report().status(), "not checked yet: healthy");

        reloader.reload(List.of(change()));

        HealthReport report = health.report();
        assertEquals(HealthStatus.DEGRADED, report.status());
        assertTrue(report.reasons().get(0).contains("/nonexistent.sock does not exist"), report.reasons().toString());
    }

    private RenewalEvents wire(String host) {
        DockerSettings docker = new DockerSettings(URI.create(host), false, Optional.empty());
        ReloadSettings settings = new ReloadSettings(docker, List.of(new ReloadTarget(
                new ReloadTarget.ByLabel("sidecert.reload", Optional.of("true")), new ReloadTarget.Signal("HUP"),
                Optional.of(List.of("nginx", "-t")), Optional.empty(), 443)), true, Duration.ofSeconds(5), List.of());
        RenewalEvents events = new RenewalEvents().subscribe(new LogListener()).subscribe(recorded);
        engine = DockerEngine.connect(docker);
        reloader = new ProxyReloader(settings, Optional.of(engine), state, state, events, Clock.systemUTC());
        return events;
    }

    private static CertificateChange change() {
        return new CertificateChange("shop", List.of("shop.example.com"), BigInteger.TEN);
    }
}
