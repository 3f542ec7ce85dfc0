package io.sidecert.renew;

import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes sure one certificate is never renewed twice at once: by two threads of the daemon, or by the
 * daemon and a {@code sidecert renew} run beside it (an OS file lock, released by the kernel if the
 * holder dies, so a crash never leaves a certificate locked).
 */
public final class CertificateLocks {
    private final Path lockDir;
    private final Map<String, ReentrantLock> inProcess = new ConcurrentHashMap<>();

    public CertificateLocks(Path stateDir) {
        this.lockDir = stateDir.resolve("locks");
    }

    /** The lock for this certificate, or empty when someone else holds it right now. */
    public Optional<Held> tryLock(String name) throws IOException {
        ReentrantLock local = inProcess.computeIfAbsent(name, n -> new ReentrantLock());
        if (!local.tryLock()) {
            return Optional.empty();
        }
        try {
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
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new Held(local, channel));
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** Null when another process holds it, or another instance in this JVM (which Java reports as an exception). */
    private static FileLock tryFileLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** A held lock; closing releases both the file lock and the in-process lock. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;

        private Held(ReentrantLock local, FileChannel channel) {
            this.local = local;
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();   // releases the file lock
            } catch (IOException ignored) {
                // the kernel drops the lock with the descriptor anyway
            } finally {
                local.unlock();
            }
        }
    }
}
