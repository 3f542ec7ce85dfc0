package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How sidecert reaches the Docker engine whose containers it reloads.
 *
 * @param host      {@code unix:///var/run/docker.sock} or {@code tcp://host:2376}
 * @param tlsVerify TLS with client certificates to a {@code tcp://} host, checking the engine's certificate
 * @param certPath  directory holding {@code ca.pem}, {@code cert.pem} and {@code key.pem}; present when
 *                  {@code tlsVerify} is
 */
public record DockerSettings(URI host, boolean tlsVerify, Optional<Path> certPath) {
    public static final URI DEFAULT_HOST = URI.create("unix:///var/run/docker.sock");

    public DockerSettings {
        requireNonNull(host, "host");
        requireNonNull(certPath, "certPath");
        if (tlsVerify && certPath.isEmpty()) {
            throw new IllegalArgumentException("tlsVerify needs a certPath");
        }
    }

    /** The local engine over its default socket, without TLS. */
    public static DockerSettings local() {
        return new DockerSettings(DEFAULT_HOST, false, Optional.empty());
    }
}
