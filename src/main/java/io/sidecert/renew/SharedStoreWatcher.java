package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StoreException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Notices certificates that another sidecert stored on a shared volume (one sidecert per Swarm node, NFS): the
 * node that won a certificate's lock renews it, and every other node must still reload its own proxies. The
 * renewal cycle asks after each check which live serials differ from those this process last saw (its own
 * renewals, which the cycle reports through {@link #stored}, are not news).
 *
 * <p>{@link #seed} notes what is live when the daemon starts (placeholders included): the proxy started with
 * those files, and anything stored later, by whichever node, is news.
 */
public final class SharedStoreWatcher {
    private final CertificateStore store;
    private final Map<String, BigInteger> seen = new ConcurrentHashMap<>();

    public SharedStoreWatcher(CertificateStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** A version this process stored itself. */
    void stored(LiveVersion version) {
        seen.put(version.name(), version.facts().serial());
    }

    /** Remembers what is live now; certificates already seen keep their entry. */
    public void seed(List<CertificateSpec> certificates) {
        for (CertificateSpec spec : certificates) {
            read(spec.name()).ifPresent(live -> seen.putIfAbsent(spec.name(), live.facts().serial()));
        }
    }

    /** The live versions that changed behind this process's back since it last looked. */
    List<LiveVersion> storedElsewhere(List<CertificateSpec> certificates) {
        List<LiveVersion> changed = new ArrayList<>();
        for (CertificateSpec spec : certificates) {
            Optional<LiveVersion> live = read(spec.name());
            if (live.isEmpty()) {
                continue;
            }
            BigInteger serial = live.get().facts().serial();
            BigInteger before = seen.put(spec.name(), serial);
            if (before != null && !before.equals(serial)) {
                changed.add(live.get());
            }
        }
        return changed;
    }

    private Optional<LiveVersion> read(String name) {
        try {
            return store.live(name);
        } catch (StoreException e) {
            return Optional.empty();   // the renewer reports unreadable certificates
        }
    }
}
