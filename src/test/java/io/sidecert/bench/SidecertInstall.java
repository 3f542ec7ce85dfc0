package io.sidecert.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sidecert configuration over a {@link LineageFarm}: it reads certbot's config directory as its certificate store,
 * keeps its state apart, tells no proxy, opens no admin port, and names a CA where nothing listens, so that any
 * attempt to reach the CA fails fast instead of leaving this machine.
 */
record SidecertInstall(Path config, Path state) {
    /** Nothing listens on the discard port; sidecert accepts plain http only for loopback CAs. */
    static final String UNREACHABLE_CA = "http://127.0.0.1:9/dir";

    /** Writes {@code sidecert.conf} and {@code domains.conf} into {@code dir}. */
    static SidecertInstall write(Path dir, LineageFarm farm) throws IOException {
        return write(dir, farm, "admin { enabled = false }");
    }

    /** As {@link #write(Path, LineageFarm)}, with {@code settings} (HOCON) instead of the closed admin port. */
    static SidecertInstall write(Path dir, LineageFarm farm, String settings) throws IOException {
        Files.createDirectories(dir);
        Path state = Files.createDirectories(dir.resolve("state"));
        Path webroot = Files.createDirectories(dir.resolve("webroot"));
        Path config = dir.resolve("sidecert.conf");
        Files.writeString(config, String.join("\n",
                "acme { ca = \"" + UNREACHABLE_CA + "\" }",
                "storage { certificates = \"" + farm.configDir() + "\", state = \"" + state + "\" }",
                "http-01 { mode = webroot, webroot = \"" + webroot + "\" }",
                "reload { targets = [] }",
                settings,
                "include required(\"domains.conf\")",
                ""));
        Files.writeString(dir.resolve("domains.conf"), farm.certificatesHocon());
        return new SidecertInstall(config, state);
    }
}
