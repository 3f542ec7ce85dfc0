package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where certificates and sidecert's own state live, and how certificate files are owned.
 *
 * @param certificates the shared volume the proxy reads (certbot layout)
 * @param state        sidecert's private directory: account key, per-certificate state
 * @param keyMode      POSIX mode of privkey.pem, e.g. {@code rw-------}
 * @param certMode     POSIX mode of the public PEM files, e.g. {@code rw-r--r--}
 * @param owner        user name or numeric uid to chown files to; empty leaves the process's own
 * @param group        group name or numeric gid; empty leaves the process's own
 */
public record StorageSettings(
        Path certificates,
        Path state,
        String keyMode,
        String certMode,
        Optional<String> owner,
        Optional<String> group,
        boolean combinedPem) {

    public StorageSettings {
        requireNonNull(certificates, "certificates");
        requireNonNull(state, "state");
        requireNonNull(keyMode, "keyMode");
        requireNonNull(certMode, "certMode");
        requireNonNull(owner, "owner");
        requireNonNull(group, "group");
    }
}
