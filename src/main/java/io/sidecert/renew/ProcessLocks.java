package io.sidecert.renew;

import java.io.IOException;
import java.util.Optional;

/**
 * The part of a certificate's lock that other sidecert processes respect: a file lock in the state directory on
 * one host or a shared volume, an advisory lock in the cluster's database. Whatever holds it, the lock must end with
 * its holder, so that a crash never leaves a certificate locked.
 */
@FunctionalInterface
public interface ProcessLocks {

    /** The lock, or empty when another process holds it now; closing the result releases it. */
    Optional<AutoCloseable> tryLock(String name) throws IOException;
}
