package io.sidecert.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code docker} section: where the engine is whose containers sidecert reloads. */
final class DockerSection {
    /** What {@code docker --tlsverify} and {@code DOCKER_CERT_PATH} expect in the directory, too. */
    private static final List<String> TLS_FILES = List.of("ca.pem", "cert.pem", "key.pem");

    private final ValueReader reader;
    private final LocalFiles files;

    DockerSection(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    Optional<DockerSettings> read() {
        Optional<URI> host = reader.requiredString("docker.host", "host = \"unix:///var/run/docker.sock\"")
                .flatMap(value -> reader.check("docker.host", host(value)));
        Optional<Boolean> tlsVerify = reader.requiredBoolean("docker.tls-verify", "tls-verify = true");
        Optional<Path> certPath = reader.path("docker.cert-path", "cert-path = \"/etc/sidecert/docker-tls\"");
        if (host.isEmpty() || tlsVerify.isEmpty()) {
            return Optional.empty();
        }
        if (tlsVerify.get()) {
            return tls(host.get(), certPath);
        }
        return Optional.of(new DockerSettings(host.get(), false, certPath));
    }

    private Optional<DockerSettings> tls(URI host, Optional<Path> certPath) {
        if (!host.getScheme().equals("tcp")) {
            reader.report("docker.tls-verify", "is true, but TLS applies to tcp:// hosts only, and docker.host is "
                    + host, "set tls-verify = false for a unix socket, or point docker.host at tcp://host:2376");
            return Optional.empty();
        }
        if (certPath.isEmpty()) {
            reader.report("docker.tls-verify", "is true, but docker.cert-path is not set",
                    "set cert-path to the directory holding " + String.join(", ", TLS_FILES)
                            + " (the client certificate Docker's TLS set-up gave you)");
            return Optional.empty();
        }
        for (String file : TLS_FILES) {
            if (reader.check("docker.cert-path", files.readable(certPath.get().resolve(file))).isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new DockerSettings(host, true, certPath));
    }

    static Checked<URI> host(String configured) {
        String fix = "write it like host = \"unix:///var/run/docker.sock\" or host = \"tcp://docker.example:2376\"";
        URI uri;
        try {
            uri = new URI(configured.trim());
        } catch (URISyntaxException e) {
            return Checked.invalid("\"" + configured + "\" is not a URI (" + e.getReason() + ")", fix);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "unix" -> uri.getPath() == null || uri.getPath().isEmpty()
                    ? Checked.invalid("\"" + configured + "\" names no socket file", fix)
                    : Checked.valid(URI.create("unix://" + uri.getPath()));
            case "tcp" -> uri.getHost() == null || uri.getPort() < 0
                    ? Checked.invalid("\"" + configured + "\" needs a host and a port", fix)
                    : Checked.valid(URI.create("tcp://" + uri.getHost() + ":" + uri.getPort()));
            default -> Checked.invalid("\"" + configured + "\" is not a Docker address sidecert can use; expected "
                    + "unix:// or tcp://", fix + "; for ssh://, forward the socket instead");
        };
    }
}
