package io.sidecert.store;

import io.sidecert.config.StorageSettings;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The POSIX modes of the PEM files sidecert writes: the key stays private, certificates are public.
 *
 * @param privateKey  mode of {@code privkey.pem}
 * @param certificate mode of {@code cert.pem}, {@code chain.pem} and {@code fullchain.pem}
 */
public record FileModes(Set<PosixFilePermission> privateKey, Set<PosixFilePermission> certificate) {
    private static final Set<PosixFilePermission> DIRECTORY = parse("rwxr-xr-x");

    public FileModes {
        privateKey = Set.copyOf(privateKey);
        certificate = Set.copyOf(certificate);
    }

    /** Certbot's modes for files: {@code rw-------} for the key, {@code rw-r--r--} for the rest. */
    public static FileModes defaults() {
        return new FileModes(parse("rw-------"), parse("rw-r--r--"));
    }

    public static FileModes of(StorageSettings settings) {
        return new FileModes(parse(settings.keyMode()), parse(settings.certMode()));
    }

    /** Directories are world-traversable so a proxy of any uid reaches the files; the files' modes protect them. */
    public static Set<PosixFilePermission> directory() {
        return DIRECTORY;
    }

    private static Set<PosixFilePermission> parse(String mode) {
        return Set.copyOf(PosixFilePermissions.fromString(mode));
    }
}
