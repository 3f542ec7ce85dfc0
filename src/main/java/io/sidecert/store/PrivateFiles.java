package io.sidecert.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sidecert's private state (accounts, locks, back-offs) is created 0700 / 0600 whatever the umask: with a
 * permissive one (000), another local user could otherwise replace the account key's directory, hold a lock for
 * ever or plant a far-future back-off. The mode asked for at creation is only narrowed by the umask, so it is
 * set again, exactly, right after.
 */
public final class PrivateFiles {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
    public static final Set<PosixFilePermission> DIRECTORY = Set.copyOf(PosixFilePermissions.fromString("rwx------"));
    public static final Set<PosixFilePermission> FILE = Set.copyOf(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {
    }

    /** Creates {@code directory} and any missing parents, each 0700; existing ones are left as they are. */
    public static Path directory(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = directory.toAbsolutePath(); d != null && !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        for (Path d : missing) {
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(d, DIRECTORY);
            } catch (FileAlreadyExistsException e) {
                // another thread or process made it meanwhile
            }
        }
        return directory;
    }

    /** Opens {@code file} for writing, creating it 0600 when it does not exist (a lock file). */
    public static FileChannel openForWriting(Path file) throws IOException {
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(FILE));
        if (created) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return channel;
    }

    /** Warns when an existing state directory lets group or others write: they could tamper with the state. */
    public static void warnIfWritableByOthers(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                return;
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(directory);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("the state directory {} is writable by {} ({}): others could replace the account key or plant"
                                + " a back-off; chmod 700 it", directory,
                        mode.contains(PosixFilePermission.OTHERS_WRITE) ? "everyone" : "its group",
                        PosixFilePermissions.toString(mode));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot read the mode of {}: {}", directory, e.toString());
        }
    }
}
