package io.sidecert.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command line run to completion with a time limit, its output (stdout and stderr together) kept: how the
 * tests drive {@code docker} and {@code docker-compose}, and the benchmarks their peers (certbot) and the shaded
 * jar, exactly as a user would type them.
 */
public record Command(List<String> arguments, Path directory, Map<String, String> environment, Duration timeout) {

    public Command {
        arguments = List.copyOf(arguments);
        environment = Map.copyOf(environment);
    }

    public static Command of(Path directory, Duration timeout, String... arguments) {
        return new Command(List.of(arguments), directory, Map.of(), timeout);
    }

    public Command withEnvironment(Map<String, String> variables) {
        return new Command(arguments, directory, variables, timeout);
    }

    /** What a finished command left behind. */
    public record Result(Command command, int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        /** This result, or an exception naming the command and holding the end of its output. */
        public Result orThrow() {
            if (!succeeded()) {
                throw new IllegalStateException(String.join(" ", command.arguments()) + " exited with " + exitCode
                        + ":\n" + tail(output, 6_000));
            }
            return this;
        }
    }

    public Result run() {
        Path log = null;
        try {
            log = Files.createTempFile("sidecert-command-", ".log");
            ProcessBuilder builder = new ProcessBuilder(arguments).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
                return new Result(this, -1, read(log) + "\n(killed after " + timeout.toSeconds() + " s)");
            }
            return new Result(this, process.exitValue(), read(log));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + arguments, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + arguments, e);
        } finally {
            deleteQuietly(log);
        }
    }

    /** Whether the command ran and exited 0; false also when it cannot be started at all. */
    public boolean runQuietly() {
        try {
            return run().succeeded();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public static String tail(String text, int characters) {
        return text.length() <= characters ? text : "..." + text.substring(text.length() - characters);
    }

    private static String read(Path log) throws IOException {
        // Not Files.readString: build output may hold bytes that are not UTF-8, which it refuses.
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                System.err.println("[Command] cannot delete " + file + ": " + e.getMessage());
            }
        }
    }
}
