package io.sidecert.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one argument vector on this host (in sidecert's container, in the image) and waits for it, at most a
 * timeout; then its process and everything it started are killed.
 *
 * <p>Output goes to files rather than pipes: a background process the command leaves behind (a daemon that
 * {@code systemctl} or an init script forks) keeps a pipe open, and reading it would hang past the timeout.
 */
final class LocalProcess {
    private static final Logger LOG = LoggerFactory.getLogger(LocalProcess.class);

    /** What a command printed and how it ended. */
    record Finished(int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        /** For logs and messages: the exit status and both outputs, each on one line and cut to a sane length. */
        String summary() {
            return "exit " + exitCode + "; " + outputs();
        }

        String outputs() {
            return "stdout: " + new CommandResult(exitCode, stdout).oneLine() + "; stderr: "
                    + new CommandResult(exitCode, stderr).oneLine();
        }
    }

    private LocalProcess() {
    }

    /**
     * @throws TargetFailure when the command cannot be started or does not finish within {@code timeout}
     */
    static Finished run(List<String> command, Map<String, String> environment, Duration timeout)
            throws TargetFailure, InterruptedException {
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile("sidecert-reload-", ".out");
            stderr = Files.createTempFile("sidecert-reload-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            Process process = start(builder, command);
            boolean finished = await(process, timeout);
            Finished result = new Finished(finished ? process.exitValue() : -1, read(stdout), read(stderr));
            if (!finished) {
                throw new TargetFailure(describe(command) + " did not finish within " + seconds(timeout)
                        + " and was killed with every process it started; " + result.outputs()
                        + "; make it return once the proxy reloads, or raise the command's timeout", null);
            }
            return result;
        } catch (IOException e) {
            throw new TargetFailure("cannot run " + describe(command) + ": its output files: " + e.getMessage()
                    + "; check that the temporary directory is writable", e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    static String describe(List<String> command) {
        return "`" + String.join(" ", command) + "`";
    }

    private static Process start(ProcessBuilder builder, List<String> command) throws TargetFailure {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new TargetFailure("cannot start " + describe(command) + ": " + e.getMessage() + "; check that "
                    + command.get(0) + " exists in sidecert's PATH (or give its full path) and is executable; for a "
                    + "shell command write [\"sh\", \"-c\", \"...\"]", e);
        }
    }

    /** @return false when the timeout passed and the process tree was killed */
    private static boolean await(Process process, Duration timeout) throws InterruptedException {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            kill(process);
            return false;
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    // Children first, so none is reparented to init and survives; their own children are in descendants() too.
    private static void kill(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis < 1000 ? millis + " ms" : millis / 1000 + " s";
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
