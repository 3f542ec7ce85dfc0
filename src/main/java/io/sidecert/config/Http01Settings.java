package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The HTTP-01 challenge settings shared by every certificate that uses HTTP-01.
 *
 * @param bind the address the standalone responder listens on: all of them by default, 127.0.0.1 behind a proxy
 *             on the same host
 */
public record Http01Settings(Http01Mode mode, Path webroot, String bind, int port) {
    public Http01Settings {
        requireNonNull(mode, "mode");
        requireNonNull(webroot, "webroot");
        requireNonNull(bind, "bind");
    }

    public Http01Settings(Http01Mode mode, Path webroot, int port) {
        this(mode, webroot, "0.0.0.0", port);
    }
}
