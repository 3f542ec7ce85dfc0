package io.sidecert.renew;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes sure one certificate is never renewed twice at once: by two threads of the daemon, or by the daemon and a
 * {@code sidecert renew} run beside it, or by two nodes of a cluster ({@link ProcessLocks}).
 */
public final class CertificateLocks {
    private final ProcessLocks processes;
    private final Map<String, ReentrantLock> inProcess = new ConcurrentHashMap<>();

    /** File locks in the state directory: one host, or nodes sharing the state volume. */
    public CertificateLocks(Path stateDir) {
        this(new FileLocks(stateDir));
    }

    public CertificateLocks(ProcessLocks processes) {
        this.processes = processes;
    }

    /** The lock for this certificate, or empty when someone else holds it right now. */
    public Optional<Held> tryLock(String name) throws IOException {
        ReentrantLock local = inProcess.computeIfAbsent(name, n -> new ReentrantLock());
        if (!local.tryLock()) {
            return Optional.empty();
        }
        try {
            Optional<AutoCloseable> outer = processes.tryLock(name);
            if (outer.isEmpty()) {
                local.unlock();
                return Optional.empty();
            }
            return Optional.of(new Held(local, outer.get()));
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** A held lock; closing releases both the other processes' lock and the in-process one. */
    public static final class Held implements AutoCloseable {
        private final ReentrantLock local;
        private final AutoCloseable outer;

        private Held(ReentrantLock local, AutoCloseable outer) {
            this.local = local;
            this.outer = outer;
        }

        @Override
        public void close() {
            try {
                outer.close();
            } catch (Exception ignored) {
                // a file lock goes with its descriptor, an advisory lock with its session: released either way
            } finally {
                local.unlock();
            }
        }
    }
}
