package io.sidecert.config;

import static java.util.Objects.requireNonNull;

/**
 * The admin HTTP server: {@code /metrics}, {@code /health}, {@code /status} and the status page.
 *
 * @param enabled whether the daemon opens it at all
 * @param bind    the address it listens on; {@code 0.0.0.0} for the container network
 * @param port    its TCP port, apart from the HTTP-01 responder's
 */
public record AdminSettings(boolean enabled, String bind, int port) {
    public AdminSettings {
        requireNonNull(bind, "bind");
    }
}
