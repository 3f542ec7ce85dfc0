package io.sidecert.challenge.dns01.exec;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.dns01.DnsProvider;
import io.sidecert.challenge.dns01.DnsProviderException;
import io.sidecert.challenge.dns01.Propagation;
import io.sidecert.challenge.dns01.TxtRecord;
import io.sidecert.config.DnsProviderSettings;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the user's script for any DNS that has no provider of its own: {@code script present} and
 * {@code script cleanup}, with the record in the environment as sidecert names it and as certbot's manual
 * hooks do ({@code CERTBOT_DOMAIN}, {@code CERTBOT_VALIDATION}), so existing hooks keep working.
 *
 * <p>Output goes to files rather than pipes: a background process the script leaves behind keeps a pipe open,
 * and reading it would hang past the timeout. On timeout the script and everything it started are killed.
 */
public final class ExecProvider implements DnsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(ExecProvider.class);
    private static final int MAX_STDERR = 2000;

    private final DnsProviderSettings.Exec settings;

    public ExecProvider(DnsProviderSettings.Exec settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    @Override
    public void present(TxtRecord record) throws DnsProviderException, InterruptedException {
        run("present", record);
    }

    @Override
    public void cleanUp(TxtRecord record) throws DnsProviderException, InterruptedException {
        run("cleanup", record);
    }

    @Override
    public Propagation propagation() {
        return new Propagation(settings.propagationTimeout(), settings.propagationInterval());
    }

    static Map<String, String> environment(TxtRecord record) {
        return Map.of(
                "SIDECERT_DNS_NAME", record.domain(),
                "SIDECERT_DNS_RECORD", record.name(),
                "SIDECERT_DNS_VALUE", record.value(),
                "CERTBOT_DOMAIN", record.domain(),
                "CERTBOT_VALIDATION", record.value());
    }

    private void run(String action, TxtRecord record) throws DnsProviderException, InterruptedException {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("sidecert-exec-", ".out");
            stderr = Files.createTempFile("sidecert-exec-", ".err");
            ProcessBuilder builder = new ProcessBuilder(List.of(settings.script().toString(), action))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment(record));
            int exit = await(builder.start(), action, record, stderr);
            log(action, record, stdout, stderr);
            if (exit != 0) {
                throw new DnsProviderException(describe(action) + " exited with code " + exit + stderrText(stderr)
                        + " (it should " + (action.equals("present") ? "add" : "remove") + " TXT " + record.name()
                        + " \"" + record.value() + "\"; run it by hand with SIDECERT_DNS_RECORD and SIDECERT_DNS_VALUE"
                        + " set to see why)");
            }
        } catch (IOException e) {
            throw new DnsProviderException("cannot run " + describe(action) + ": " + e.getMessage()
                    + " (check that it is executable and that its #! interpreter exists)", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private int await(Process process, String action, TxtRecord record, Path stderr)
            throws InterruptedException, DnsProviderException, IOException {
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                long millis = settings.timeout().toMillis();
                throw new DnsProviderException(describe(action) + " did not finish within "
                        + (millis < 1000 ? millis + " ms" : millis / 1000 + " s") + " and was killed" + stderrText(stderr)
                        + " (make it return once TXT " + record.name() + " is written, or raise timeout)");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void log(String action, TxtRecord record, Path stdout, Path stderr) throws IOException {
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            LOG.info("dns-01 {} {} {}: {}", settings.script().getFileName(), action, record.name(), line);
        }
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            LOG.warn("dns-01 {} {} {} (stderr): {}", settings.script().getFileName(), action, record.name(), line);
        }
    }

    private static String stderrText(Path stderr) throws IOException {
        String text = Files.readString(stderr, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return " and printed nothing on stderr";
        }
        String tail = text.length() > MAX_STDERR ? "..." + text.substring(text.length() - MAX_STDERR) : text;
        return "; stderr: " + tail.replace('\n', ' ').replace('\r', ' ');
    }

    private String describe(String action) {
        return "the script " + settings.script() + " " + action;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("cannot delete {}: {}", file, e.getMessage());
            }
        }
    }
}
