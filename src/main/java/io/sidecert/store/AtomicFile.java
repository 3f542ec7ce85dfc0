package io.sidecert.store;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file so that readers see either the old or the new content, never a mix, and a crash or power loss
 * leaves one of the two on disk. Used for state files, the ACME account key and every PEM file sidecert writes.
 *
 * <p>Linux semantics are assumed: {@code rename(2)} replaces the target atomically, and a directory can be opened
 * to {@code fsync} its entries.
 */
public final class AtomicFile {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFile.class);

    private AtomicFile() {}

    /**
     * Writes {@code content} to {@code target} atomically, with {@code perms} from the first byte on: the temporary
     * file is created with them, so a private key is never readable by others, not even for a moment.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms) throws IOException {
        write(target, content, perms, FileOwnership.unchanged());
    }

    /** As {@link #write(Path, byte[], Set)}, and hands the file to {@code ownership} before it becomes visible. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> perms, FileOwnership ownership)
            throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writeNew(temp, content, perms, ownership);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteQuietly(temp);
        }
        syncDirectory(directory);
    }

    /**
     * Creates {@code file}, which must not exist, and makes its content, mode and owner durable. Files inside a
     * directory that is not visible yet need no rename of their own.
     */
    static void writeNew(Path file, byte[] content, Set<PosixFilePermission> perms, FileOwnership ownership)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, Set.of(CREATE_NEW, WRITE),
                PosixFilePermissions.asFileAttribute(perms))) {
            // The umask can only have narrowed the mode at creation; set it exactly, before anyone can open the file.
            Files.setPosixFilePermissions(file, perms);
            ownership.apply(file);
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            // force(true) also flushes the inode, so the mode and owner set above are durable with the content.
            channel.force(true);
        }
    }

    /** Makes the entries of {@code directory} (creations, renames) durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("could not remove temporary file {}: {}; it is harmless and can be deleted by hand",
                    temp, StoreErrors.describe(e));
        }
    }
}
