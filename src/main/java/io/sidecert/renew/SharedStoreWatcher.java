package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices certificates that another sidecert stored on a shared volume (one sidecert per Swarm node, NFS): the
 * node that won a certificate's lock renews it, and every other node must still reload its own proxy. After each
 * check the live serials are compared with those this process last saw, its own renewals included.
 *
 * <p>{@link #seed} notes what is live when the daemon starts (placeholders included): the proxy started with
 * those files, and anything stored later, by whichever node, is news.
 */
public final class SharedStoreWatcher implements RenewalListener {
    private final CertificateStore store;
    private final RenewalListener events;
    private final Map<String, BigInteger> seen = new ConcurrentHashMap<>();

    public SharedStoreWatcher(CertificateStore store, RenewalListener events) {
        this.store = requireNonNull(store, "store");
        this.events = requireNonNull(events, "events");
    }

    /** This process's own renewals are not news. */
    @Override
    public void on(RenewalEvent event) {
        if (event instanceof RenewalEvent.Renewed renewed) {
            seen.put(renewed.certificate(), renewed.serial());
        }
    }

    /** Remembers what is live now, without raising anything; certificates already seen keep their entry. */
    public void seed(List<CertificateSpec> certificates) {
        for (CertificateSpec spec : certificates) {
            read(spec.name()).ifPresent(live -> seen.putIfAbsent(spec.name(), live.facts().serial()));
        }
    }

    /** Raises {@link RenewalEvent.StoredElsewhere} for each certificate whose live serial changed behind our back. */
    public void afterCheck(List<CertificateSpec> certificates) {
        for (CertificateSpec spec : certificates) {
            Optional<StoredCertificate> live = read(spec.name());
            if (live.isEmpty()) {
                continue;
            }
            BigInteger serial = live.get().facts().serial();
            BigInteger before = seen.put(spec.name(), serial);
            if (before != null && !before.equals(serial)) {
                events.on(new RenewalEvent.StoredElsewhere(spec.name(), live.get().facts().domains(), serial,
                        live.get().version()));
            }
        }
    }

    private Optional<StoredCertificate> read(String name) {
        try {
            return store.current(name);
        } catch (StoreException e) {
            return Optional.empty();   // the renewer reports unreadable certificates
        }
    }
}
