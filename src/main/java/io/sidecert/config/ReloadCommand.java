package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A command sidecert runs itself after certificates were stored, for a proxy that is not a container on its
 * Docker node: nginx or HAProxy on the host, a systemd unit, an appliance reached by a script. Argument vectors,
 * never a shell, unless the user writes {@code ["sh", "-c", "..."]}.
 *
 * @param test    run first; when it fails, {@code run} is skipped and the reload is tried again at the next pass
 * @param run     what makes the proxy load the new certificates
 * @param timeout how long each of {@code test} and {@code run} may take before its process tree is killed
 * @param verify  where the new certificates must then be served (SNI per changed name); empty: not checked
 */
public record ReloadCommand(Optional<List<String>> test, List<String> run, Duration timeout,
        Optional<Verify> verify) {
    private static final String PREFIX = "command `";

    public ReloadCommand {
        test = test.map(List::copyOf);
        run = List.copyOf(run);
        requireNonNull(timeout, "timeout");
        requireNonNull(verify, "verify");
        if (run.isEmpty()) {
            throw new IllegalArgumentException("a reload command needs something to run");
        }
    }

    /** Where the served certificates are checked: a host name or address and the TLS port. */
    public record Verify(String host, int port) {
        public Verify {
            requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * The target's name in logs, alerts, health and the pending-reload file: the {@code run} vector, so that it
     * stays the same when commands are reordered (the configuration rejects two commands that run the same).
     */
    public String describe() {
        return PREFIX + String.join(" ", run) + "`";
    }

    /** Whether a target's name, as {@link #describe()} writes it, is a command's rather than a container's. */
    public static boolean isCommandTarget(String name) {
        return name.startsWith(PREFIX);
    }
}
