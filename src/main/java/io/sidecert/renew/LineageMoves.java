package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a stored certificate out of a name that is no longer configured: to a new entry with the same names (a
 * rename, which must not order a duplicate certificate), or out of the store altogether ({@code sidecert delete}).
 * Each move holds the locks of the names it touches, so it never races a renewal or another node's move.
 */
public final class LineageMoves {
    private final CertificateStore store;
    private final StateStore states;
    private final CertificateLocks locks;
    private final RenewalListener events;

    public LineageMoves(CertificateStore store, StateStore states, CertificateLocks locks, RenewalListener events) {
        this.store = requireNonNull(store, "store");
        this.states = requireNonNull(states, "states");
        this.locks = requireNonNull(locks, "locks");
        this.events = requireNonNull(events, "events");
    }

    /**
     * Stores the certificate and key of {@code from} as the next version of {@code spec}, moves its state, and
     * removes {@code from}. Does nothing (empty) when, under the locks, {@code spec} turns out to have a certificate
     * of its own or {@code from} no longer holds one for the same names.
     */
    public Optional<LiveVersion> takeOver(CertificateSpec spec, String from) throws StoreException {
        try (CertificateLocks.Held target = lock(spec.name(), "take over");
                CertificateLocks.Held source = lock(from, "take over")) {
            if (store.current(spec.name()).filter(c -> !c.isPlaceholder()).isPresent()) {
                return Optional.empty();
            }
            Optional<StoredCertificate> old = store.current(from).filter(c -> !c.isPlaceholder())
                    .filter(c -> Set.copyOf(c.facts().domains()).equals(Set.copyOf(spec.domains())));
            if (old.isEmpty()) {
                return Optional.empty();
            }
            StoredCertificate moved = store.save(spec.name(), old.get().material());
            CertificateState state = states.loadFresh(from);
            states.save(state.renamed(spec.name()));
            store.remove(from);
            states.delete(from);
            events.on(new RenewalEvent.TakenOver(spec.name(), from, moved.facts().serial(), moved.version()));
            return Optional.of(LiveVersion.of(moved));
        }
    }

    /**
     * Removes the certificate's files and state. The caller has made sure it is not configured; a revocation, if
     * wanted, comes first.
     *
     * @return the files removed, relative to the certificates directory
     */
    public List<String> delete(String name) throws StoreException {
        try (CertificateLocks.Held held = lock(name, "delete")) {
            List<String> removed = store.remove(name);
            states.delete(name);
            events.on(new RenewalEvent.Deleted(name, removed));
            return removed;
        }
    }

    private CertificateLocks.Held lock(String name, String step) throws StoreException {
        try {
            return locks.tryLock(name).orElseThrow(() -> new StoreException("[" + name + "] " + step + ": another"
                    + " sidecert process is working on this certificate; try again in a minute"));
        } catch (IOException e) {
            throw new StoreException("[" + name + "] " + step + ": cannot take the lock in the state directory: "
                    + e.getMessage() + " (check that storage.state is writable)", e);
        }
    }
}
