package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** The HTTP-01 challenge settings shared by every certificate that uses HTTP-01. */
public record Http01Settings(Http01Mode mode, Path webroot, int port) {
    public Http01Settings {
        requireNonNull(mode, "mode");
        requireNonNull(webroot, "webroot");
    }
}
