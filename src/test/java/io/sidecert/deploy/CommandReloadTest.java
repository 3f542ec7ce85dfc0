package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.ReloadCommand;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.DockerSettings;
import io.sidecert.event.RenewalEvent.ReloadFailed;
import io.sidecert.event.RenewalEvent.Reloaded;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.LogListener;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reload.commands} with real processes ({@code sh}) and no Docker at all: what a command sees, a failing
 * test, a timeout, and retries across passes and restarts.
 */
class CommandReloadTest {
    private static final CertificateChange SHOP = new CertificateChange("shop",
            List.of("shop.example.com", "www.shop.example.com"), BigInteger.valueOf(0x51));
    private static final CertificateChange API = new CertificateChange("api", List.of("api.example.com"),
            BigInteger.valueOf(0xa1));

    @TempDir
    Path state;
    @TempDir
    Path work;
    final ReloadEvents events = new ReloadEvents();

    @Test
    void runsOncePerPassWithCertbotsDeployHookEnvironment() throws Exception {
        Path seen = work.resolve("seen");
        ProxyReloader reloader = reloader(command(Optional.empty(), "echo \"$SIDECERT_CERTIFICATES|$SIDECERT_LIVE_DIRS|"
                + "$RENEWED_LINEAGE|$RENEWED_DOMAINS\" >> " + seen));

        reloader.reload(List.of(SHOP, API));

        Path live = work.resolve("certs/live");
        assertEquals(List.of("api shop|" + live.resolve("api") + " " + live.resolve("shop") + "|" + live.resolve("api")
                + "|api.example.com"), Files.readAllLines(seen), "once, both certificates, the first for certbot's");
        Reloaded reloaded = events.only(Reloaded.class);
        assertEquals("command `sh -c echo", reloaded.target().substring(0, "command `sh -c echo".length()));
        assertEquals(List.of("api", "shop"), reloaded.certificates());
        assertEquals(ReloadStatus.State.OK, reloader.current().state());
        assertEquals(Set.of(), reloader.current().pendingCertificates());
    }

    @Test
    void aFailingTestSkipsTheRunKeepsTheChangePendingAndTheNextPassOrARestartRetries() throws Exception {
        Path ran = work.resolve("ran");
        Path broken = Files.createFile(work.resolve("broken"));
        ReloadCommand command = command(Optional.of(List.of("sh", "-c",
                "if [ -e " + broken + " ]; then echo 'nginx: [emerg] unexpected end of file' >&2; exit 1; fi")),
                "echo ran >> " + ran);
        ProxyReloader reloader = reloader(command);

        reloader.reload(List.of(SHOP));

        ReloadFailed failed = events.only(ReloadFailed.class);
        assertEquals(command.describe(), failed.target());
        assertTrue(failed.reason().contains("failed (exit 1; stdout: (no output); stderr: nginx: [emerg] unexpected "
                + "end of file)"), failed.reason());
        assertTrue(failed.reason().contains("was not run"), failed.reason());
        assertEquals(List.of("shop"), failed.certificates());
        assertFalse(Files.exists(ran), "run skipped");
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());
        assertFalse(reloader.current().healthy());
        assertEquals(Set.of("shop"), reloader.current().pendingCertificates());

        events.clear();
        reloader(command).reload(List.of());
        assertEquals(1, events.all(ReloadFailed.class).size(), "a restart still knows: " + events.seen);

        Files.delete(broken);
        events.clear();
        ProxyReloader restarted = reloader(command);
        restarted.reload(List.of());

        assertEquals(List.of("shop"), events.only(Reloaded.class).certificates());
        assertEquals(List.of("ran"), Files.readAllLines(ran));
        assertEquals(ReloadStatus.State.OK, restarted.current().state());
        assertEquals(Set.of(), restarted.current().pendingCertificates());
        events.clear();
        restarted.reload(List.of());
        assertEquals(List.of(), events.seen, "nothing left to do");
    }

    @Test
    void aCommandThatHangsIsKilledWithWhatItStarted() throws Exception {
        Path pid = work.resolve("pid");
        ReloadCommand command = new ReloadCommand(Optional.empty(),
                List.of("sh", "-c", "sleep 60 & echo $! > " + pid + "; echo started; wait"), Duration.ofMillis(700),
                Optional.empty());
        ProxyReloader reloader = reloader(command);
        long started = System.nanoTime();

        reloader.reload(List.of(SHOP));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10, "did not wait for the sleep");
        String reason = events.only(ReloadFailed.class).reason();
        assertTrue(reason.contains("did not finish within 700 ms and was killed"), reason);
        assertTrue(reason.contains("stdout: started"), reason);
        long child = Long.parseLong(Files.readString(pid).strip());
        assertTrue(goneWithin(child, Duration.ofSeconds(5)), "the background sleep died");
        assertEquals(Set.of("shop"), reloader.current().pendingCertificates());
    }

    @Test
    void aCommandThatCannotStartSaysWhatToCheck() {
        ProxyReloader reloader = reloader(new ReloadCommand(Optional.empty(), List.of("sidecert-no-such-reload"),
                Duration.ofSeconds(5), Optional.empty()));

        reloader.reload(List.of(SHOP));

        String reason = events.only(ReloadFailed.class).reason();
        assertTrue(reason.startsWith("cannot start `sidecert-no-such-reload`"), reason);
        assertTrue(reason.contains("PATH"), reason);
    }

    @Test
    void aVerifyAddressWithNothingListeningIsAStaleCertificateProblem() {
        ProxyReloader reloader = new ProxyReloader(settings(true, new ReloadCommand(Optional.empty(),
                List.of("true"), Duration.ofSeconds(5), Optional.of(new ReloadCommand.Verify("127.0.0.1", 1)))),
                Optional.empty(), state, work.resolve("certs"), events, Clock.systemUTC());

        reloader.reload(List.of(SHOP));

        assertEquals(1, events.all(Reloaded.class).size());
        assertEquals(ReloadStatus.State.DEGRADED, reloader.current().state());
        String problem = reloader.current().problems().get(0);
        assertTrue(problem.contains("[shop] after 1 s, no TLS answer from 127.0.0.1:1 for shop.example.com"), problem);
    }

    /** Whether no live process has this pid within {@code timeout} (a pid already gone counts at once). */
    private static boolean goneWithin(long pid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private ProxyReloader reloader(ReloadCommand command) {
        return new ProxyReloader(settings(false, command), Optional.empty(), state, work.resolve("certs"),
                new RenewalEvents().subscribe(new LogListener()).subscribe(events), Clock.systemUTC());
    }

    private static ReloadSettings settings(boolean verify, ReloadCommand command) {
        return new ReloadSettings(DockerSettings.local(), List.of(), verify, Duration.ofSeconds(1), List.of(command));
    }

    private static ReloadCommand command(Optional<List<String>> test, String script) {
        return new ReloadCommand(test, List.of("sh", "-c", script), Duration.ofSeconds(10), Optional.empty());
    }
}
