package io.sidecert.renew;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateLocksTest {
    @TempDir
    Path state;

    @Test
    void aCertificateCannotBeLockedTwiceAtOnceButOthersCan() throws Exception {
        CertificateLocks locks = new CertificateLocks(state);
        try (CertificateLocks.Held held = locks.tryLock("shop").orElseThrow()) {
            Optional<CertificateLocks.Held> again = CompletableFuture.supplyAsync(() -> tryLock(locks, "shop")).get();
            assertTrue(again.isEmpty(), "a second holder of shop from another thread");
            Optional<CertificateLocks.Held> other = locks.tryLock("api");
            assertTrue(other.isPresent(), "api is independent of shop");
            other.get().close();
        }
        Optional<CertificateLocks.Held> released = locks.tryLock("shop");
        assertTrue(released.isPresent(), "free again after close");
        released.get().close();
    }

    @Test
    void aSecondLockSetOnTheSameStateDirectoryIsHeldOffByTheFileLock() throws Exception {
        // A `sidecert renew` beside the daemon has its own CertificateLocks; only the file lock is shared.
        CertificateLocks daemon = new CertificateLocks(state);
        CertificateLocks cli = new CertificateLocks(state);
        try (CertificateLocks.Held held = daemon.tryLock("shop").orElseThrow()) {
            assertTrue(cli.tryLock("shop").isEmpty(), "the file lock keeps the second instance out");
        }
        Optional<CertificateLocks.Held> after = cli.tryLock("shop");
        assertTrue(after.isPresent(), "released with the first holder");
        after.get().close();
    }

    private static Optional<CertificateLocks.Held> tryLock(CertificateLocks locks, String name) {
        try {
            return locks.tryLock(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
