package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a new, complete version directory {@code archive/<name>/<N>/}. It is built under a hidden temporary name
 * and renamed into place only once every file is durable, so a version directory is either whole or absent, and
 * never changes afterwards.
 */
final class ArchiveWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
    private static final String TEMP_PREFIX = ".tmp-";

    private final FileModes modes;
    private final FileOwnership ownership;
    private final CombinedPem combined;

    ArchiveWriter(FileModes modes, FileOwnership ownership, CombinedPem combined) {
        this.modes = requireNonNull(modes, "modes");
        this.ownership = requireNonNull(ownership, "ownership");
        this.combined = requireNonNull(combined, "combined");
    }

    /** Writes {@code material} as the lineage's next version and returns its number. */
    int write(Lineage lineage, CertificateMaterial material) throws IOException {
        prepareDirectories(lineage);
        removeAbandonedVersions(lineage);
        int version = ArchiveVersions.next(lineage.archive());
        Path temp = Files.createTempDirectory(lineage.archive(), TEMP_PREFIX + version + "-",
                PosixFilePermissions.asFileAttribute(FileModes.directory()));
        try {
            fill(temp, material);
            Files.move(temp, lineage.version(version), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTreeQuietly(lineage, temp);
        }
        AtomicFile.syncDirectory(lineage.archive());
        return version;
    }

    private void fill(Path directory, CertificateMaterial material) throws IOException {
        List<X509Certificate> chain = material.chain();
        String cert = Pem.certificates(chain.subList(0, 1));
        String intermediates = Pem.certificates(chain.subList(1, chain.size()));
        String key = Pem.privateKey(material.keyPair().getPrivate());
        write(directory.resolve("privkey.pem"), key, modes.privateKey());
        write(directory.resolve("cert.pem"), cert, modes.certificate());
        write(directory.resolve("chain.pem"), intermediates, modes.certificate());
        write(directory.resolve("fullchain.pem"), cert + intermediates, modes.certificate());
        if (combined == CombinedPem.WRITE) {
            // It holds the key, so it gets the key's mode. Key first: HAProxy reads either order, others want this.
            write(directory.resolve(CombinedPem.FILE_NAME), key + cert + intermediates, modes.privateKey());
        }
        Files.setPosixFilePermissions(directory, FileModes.directory());
        ownership.apply(directory);
        AtomicFile.syncDirectory(directory);
    }

    private void write(Path file, String pem, Set<PosixFilePermission> mode) throws IOException {
        AtomicFile.writeNew(file, pem.getBytes(StandardCharsets.US_ASCII), mode, ownership);
    }

    private void prepareDirectories(Lineage lineage) throws IOException {
        ensureDirectory(lineage.liveDirectory());
        ensureDirectory(lineage.archive().getParent());
        ensureDirectory(lineage.archive());
    }

    private void ensureDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(FileModes.directory()));
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(directory)) {
                return;
            }
            throw e;
        }
        Files.setPosixFilePermissions(directory, FileModes.directory());
        ownership.apply(directory);
        AtomicFile.syncDirectory(directory.getParent());
    }

    /**
     * Removes the hidden version directories a crash left unfinished: never visible under {@code live/}, but they
     * pile up. Only the holder of the lineage's lock may call it, since another save could be filling one.
     */
    static void removeAbandonedVersions(Lineage lineage) throws IOException {
        if (!Files.isDirectory(lineage.archive(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(lineage.archive())) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(TEMP_PREFIX)
                        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.info("[{}] removing {}, a version a crash left unfinished", lineage.name(), entry);
                    deleteTreeQuietly(lineage, entry);
                }
            }
        }
    }

    private static void deleteTreeQuietly(Lineage lineage, Path directory) {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("[{}] could not remove the unfinished version {}: {}; it is never served, delete it by hand",
                    lineage.name(), directory, StoreErrors.describe(e));
        }
    }
}
