package io.sidecert.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A sidecert configuration whose CA is a loopback port where nothing listens: every order fails at once and backs
 * off, and nothing leaves this machine. For tests of the process itself (signals, file modes), not of ACME.
 */
final class OfflineInstall {
    private OfflineInstall() {
    }

    /** Writes sidecert.conf and domains.conf (one certificate, {@code name}) into {@code dir}; returns the first. */
    static Path write(Path dir, String name) throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        Files.write(dir.resolve("sidecert.conf"), List.of(
                "acme { ca = \"http://127.0.0.1:9/dir\" }",
                "storage { certificates = certs, state = state }",
                "http-01 { mode = webroot, webroot = www }",
                "reload { targets = [] }",
                "admin { enabled = false }",
                "include required(\"domains.conf\")"));
        Files.writeString(dir.resolve("domains.conf"),
                "certificates { " + name + " { domains = [" + name + ".example.com] } }\n");
        return dir.resolve("sidecert.conf");
    }
}
