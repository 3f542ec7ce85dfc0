package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.StoreException;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, removes what a process killed in the middle of a save left in the store (hidden
 * {@code archive/<name>/.tmp-*} directories, temporary links in {@code live/}), so they do not pile up until each
 * certificate's next renewal.
 *
 * <p>Each lineage is cleaned under its lock: a lineage whose lock is held is being saved right now, by another
 * process or node, and its temporary directory is in use; it is left for that save, or the next one, to clean. A
 * failure is logged and start-up goes on.
 */
public final class CrashLeftovers {
    private static final Logger LOG = LoggerFactory.getLogger(CrashLeftovers.class);

    private final CertbotLayoutStore files;
    private final CertificateLocks locks;

    public CrashLeftovers(CertbotLayoutStore files, CertificateLocks locks) {
        this.files = requireNonNull(files, "files");
        this.locks = requireNonNull(locks, "locks");
    }

    /** Cleans every lineage that has an archive and whose lock is free. */
    public void removeAll() {
        try {
            files.archivedNames().forEach(this::remove);
        } catch (StoreException e) {
            LOG.warn("clean up: {}; leftovers of interrupted saves are removed at each certificate's next save",
                    e.getMessage());
        }
    }

    private void remove(String name) {
        Optional<CertificateLocks.Held> lock;
        try {
            lock = locks.tryLock(name);
        } catch (IOException e) {
            LOG.warn("[{}] clean up: cannot take the lock in the state directory ({}); leftovers of an interrupted"
                    + " save stay until the next save", name, e.getMessage());
            return;
        }
        if (lock.isEmpty()) {
            return;
        }
        try (CertificateLocks.Held held = lock.get()) {
            files.removeCrashLeftovers(name);
        } catch (StoreException e) {
            LOG.warn("{}", e.getMessage());
        }
    }
}
