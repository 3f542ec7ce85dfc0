package io.sidecert.renew;

import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.Optional;

/** OS file locks in {@code <state>/locks/}, released by the kernel if the holder dies. */
final class FileLocks implements ProcessLocks {
    private final Path lockDir;

    FileLocks(Path stateDir) {
        this.lockDir = stateDir.resolve("locks");
    }

    @Override
    public Optional<AutoCloseable> tryLock(String name) throws IOException {
        PrivateFiles.directory(lockDir);
        FileChannel channel = PrivateFiles.openForWriting(lockDir.resolve(name + ".lock"));
        FileLock fileLock;
        try {
            fileLock = tryFileLock(channel);
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock " + lockDir.resolve(name + ".lock") + " (does the file system"
                    + " support locks?): " + e.getMessage(), e);
        }
        if (fileLock == null) {
            channel.close();
            return Optional.empty();
        }
        return Optional.of(channel);   // closing the channel releases the lock
    }

    /** Null when another process holds it, or another instance in this JVM (which Java reports as an exception). */
    private static FileLock tryFileLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
