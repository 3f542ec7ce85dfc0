package io.sidecert.config;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the {@code storage} section: where certificates and state live, and how files are owned. */
final class StorageSection {
    private final ValueReader reader;
    private final FileModes fileModes;

    StorageSection(ValueReader reader, FileModes fileModes) {
        this.reader = reader;
        this.fileModes = fileModes;
    }

    Optional<StorageSettings> read() {
        Optional<Path> certificates = reader.requiredPath("storage.certificates", "certificates = \"/certs\"");
        Optional<Path> state = reader.requiredPath("storage.state", "state = \"/var/lib/sidecert\"");
        Optional<String> keyMode = reader.requiredString("storage.key-mode", "key-mode = \"0600\"")
                .flatMap(mode -> reader.check("storage.key-mode", fileModes.toKeyPermissions(mode)));
        Optional<String> certMode = mode("storage.cert-mode", "cert-mode = \"0644\"");
        Optional<String> owner = reader.string("storage.owner", "owner = \"101\"");
        Optional<String> group = reader.string("storage.group", "group = \"nginx\"");
        Optional<Boolean> combinedPem = reader.requiredBoolean("storage.combined-pem", "combined-pem = true");
        if (certificates.isEmpty() || state.isEmpty() || keyMode.isEmpty() || certMode.isEmpty()
                || combinedPem.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StorageSettings(
                certificates.get(), state.get(), keyMode.get(), certMode.get(), owner, group, combinedPem.get()));
    }

    private Optional<String> mode(String path, String example) {
        return reader.requiredString(path, example).flatMap(mode -> reader.check(path, fileModes.toPermissions(mode)));
    }
}
