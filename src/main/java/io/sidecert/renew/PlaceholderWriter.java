package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.Placeholders;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start-up, stores a {@link Placeholders placeholder} for every configured certificate that has nothing in
 * {@code live/<name>} yet, so that a proxy configured for the final paths can start (and answer the first
 * HTTP-01 challenge) before anything is issued.
 *
 * <p>A live version that lacks a file the store now wants ({@code combined.pem}, turned on after it was written) is
 * stored again as it is, so that a proxy reading that file can start too.
 *
 * <p>Never writes over anything: under the certificate's lock it looks again, and a certificate that exists, a
 * placeholder already there, an unreadable one or one whose lock is held (another instance is ordering it) is
 * left alone. A failure is logged and start-up goes on: the renewal that follows reports the same problem.
 */
public final class PlaceholderWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PlaceholderWriter.class);

    private final CertificateStore store;
    private final CertificateLocks locks;
    private final Clock clock;

    public PlaceholderWriter(CertificateStore store, CertificateLocks locks, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.locks = requireNonNull(locks, "locks");
        this.clock = requireNonNull(clock, "clock");
    }

    /** The names of the certificates a placeholder was written for. */
    public List<String> writeMissing(List<CertificateSpec> certificates) {
        return certificates.stream().filter(this::writeIfMissing).map(CertificateSpec::name).toList();
    }

    /** Whether a placeholder was written for {@code spec}. */
    public boolean writeIfMissing(CertificateSpec spec) {
        Optional<CertificateLocks.Held> lock;
        try {
            lock = locks.tryLock(spec.name());
        } catch (IOException e) {
            LOG.warn("[{}] placeholder: cannot take the lock in the state directory ({}); none written, check that "
                    + "storage.state is writable", spec.name(), e.getMessage());
            return false;
        }
        if (lock.isEmpty()) {
            return false;
        }
        try (CertificateLocks.Held held = lock.get()) {
            return writeLocked(spec);
        }
    }

    private boolean writeLocked(CertificateSpec spec) {
        try {
            if (store.lacksWantedFiles(spec.name())) {
                completeLive(spec.name());
                return false;
            }
            if (hasLive(spec.name())) {
                return false;
            }
            store.save(spec.name(), Placeholders.create(spec.domains(), clock.instant()));
            LOG.info("[{}] no certificate yet: stored a self-signed placeholder for {} so the proxy can start; "
                    + "the first issuance replaces it", spec.name(), spec.domains());
            return true;
        } catch (StoreException e) {
            LOG.warn("[{}] placeholder: {} (the proxy may not start until the first certificate is stored)",
                    spec.name(), e.getMessage());
            return false;
        }
    }

    /** The same certificate and key as a new version, which the store writes with every file it now wants. */
    private void completeLive(String name) throws StoreException {
        Optional<StoredCertificate> live = store.current(name);
        if (live.isPresent()) {
            StoredCertificate stored = store.save(name, live.get().material());
            LOG.info("[{}] stored the live certificate again as version {}, with the files the store now writes"
                    + " (combined.pem)", name, stored.version());
        }
    }

    // An unreadable live/<name> counts as present: the renewal replaces it, a placeholder must not.
    private boolean hasLive(String name) {
        try {
            return store.current(name).isPresent();
        } catch (StoreException e) {
            return true;
        }
    }
}
