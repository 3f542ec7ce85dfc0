package io.sidecert.challenge.dns01.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.challenge.dns01.DnsProviderException;
import io.sidecert.challenge.dns01.TxtRecord;
import io.sidecert.config.DnsProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProviderTest {
    private static final TxtRecord RECORD = new TxtRecord("example.com", "_acme-challenge.example.com", "digest-value");

    @TempDir
    Path dir;

    @Test
    void passesTheActionAndTheRecordLikeCertbotsManualHooks() throws Exception {
        Path out = dir.resolve("calls");
        ExecProvider provider = provider(script("echo \"$1 $SIDECERT_DNS_NAME $SIDECERT_DNS_RECORD $SIDECERT_DNS_VALUE "
                + "$CERTBOT_DOMAIN $CERTBOT_VALIDATION\" >> " + out), Duration.ofSeconds(10));

        provider.present(RECORD);
        provider.cleanUp(RECORD);

        assertEquals(List.of(
                "present example.com _acme-challenge.example.com digest-value example.com digest-value",
                "cleanup example.com _acme-challenge.example.com digest-value example.com digest-value"),
                Files.readAllLines(out));
    }

    @Test
    void aNonZeroExitFailsWithTheExitCodeAndStderr() throws Exception {
        ExecProvider provider = provider(script("echo 'working on it'; echo 'update failed: REFUSED' >&2; exit 3"),
                Duration.ofSeconds(10));

        DnsProviderException e = assertThrows(DnsProviderException.class, () -> provider.present(RECORD));

        assertTrue(e.getMessage().contains("hook.sh present exited with code 3; stderr: update failed: REFUSED"),
                e.getMessage());
        assertTrue(e.getMessage().contains("it should add TXT _acme-challenge.example.com \"digest-value\""), e.getMessage());
    }

    @Test
    void aScriptThatHangsIsKilledAtTheTimeoutWithEverythingItStarted() throws Exception {
        Path marker = dir.resolve("survived");
        ExecProvider provider = provider(script("(sleep 1; touch " + marker + ") & sleep 30"), Duration.ofMillis(300));

        long started = System.nanoTime();
        DnsProviderException e = assertThrows(DnsProviderException.class, () -> provider.present(RECORD));

        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(1)) < 0, "returned at the timeout");
        assertTrue(e.getMessage().contains("did not finish within 300 ms and was killed"), e.getMessage());
        Thread.sleep(1500);
        assertTrue(Files.notExists(marker), "the script's background child was killed too");
    }

    @Test
    void aScriptThatCannotStartSaysSo() {
        ExecProvider provider = provider(dir.resolve("missing.sh"), Duration.ofSeconds(10));

        DnsProviderException e = assertThrows(DnsProviderException.class, () -> provider.present(RECORD));

        assertTrue(e.getMessage().startsWith("cannot run the script " + dir.resolve("missing.sh") + " present"), e.getMessage());
    }

    private ExecProvider provider(Path script, Duration timeout) {
        return new ExecProvider(new DnsProviderSettings.Exec("hook", script, timeout, Duration.ofSeconds(60),
                Duration.ofSeconds(1)));
    }

    private Path script(String body) throws Exception {
        Path script = Files.writeString(dir.resolve("hook.sh"), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
