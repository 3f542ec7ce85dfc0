package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StoreException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates found in the store whose entry left the configuration. Their files stay (a proxy may still read them)
 * and are never renewed; each is reported once. A new entry with exactly their names takes one over instead of
 * ordering a duplicate: renaming an entry must not spend the CA's duplicate-certificate limit.
 */
public final class UnconfiguredCertificates {
    private static final Logger LOG = LoggerFactory.getLogger(UnconfiguredCertificates.class);

    private final CertificateStore store;
    private final LineageMoves moves;
    private final RenewalListener events;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public UnconfiguredCertificates(CertificateStore store, LineageMoves moves, RenewalListener events) {
        this.store = requireNonNull(store, "store");
        this.moves = requireNonNull(moves, "moves");
        this.events = requireNonNull(events, "events");
    }

    /** The stored names that no configured certificate has; empty when the store cannot be listed. */
    public List<String> names(List<CertificateSpec> configured) {
        Set<String> names = new HashSet<>();
        configured.forEach(spec -> names.add(spec.name()));
        try {
            return store.names().stream().filter(name -> !names.contains(name)).toList();
        } catch (StoreException e) {
            LOG.warn("cannot list the stored certificates to find those no longer configured: {}", e.getMessage());
            return List.of();
        }
    }

    /**
     * Lets new entries take over the certificates of unconfigured ones with the same names, then reports the
     * unconfigured certificates not reported before.
     *
     * @return the versions stored under new names, which the proxies must be told of
     */
    public List<LiveVersion> settle(List<CertificateSpec> configured) {
        List<String> unconfigured = new ArrayList<>(names(configured));
        List<LiveVersion> moved = new ArrayList<>();
        for (CertificateSpec spec : configured) {
            predecessor(spec, unconfigured).ifPresent(from -> takeOver(spec, from).ifPresent(version -> {
                moved.add(version);
                unconfigured.remove(from);
            }));
        }
        reported.retainAll(unconfigured);   // a name configured again and removed again is reported again
        for (String name : unconfigured) {
            if (reported.add(name)) {
                events.on(new RenewalEvent.NoLongerConfigured(name));
            }
        }
        return moved;
    }

    private Optional<LiveVersion> takeOver(CertificateSpec spec, String from) {
        try {
            return moves.takeOver(spec, from);
        } catch (StoreException e) {
            events.on(new RenewalEvent.Warning(spec.name(), "could not take over the certificate stored as '" + from
                    + "' (" + e.getMessage() + "); a new certificate is ordered instead"));
            return Optional.empty();
        }
    }

    /** For an entry with no certificate of its own, the unconfigured one holding exactly its names. */
    private Optional<String> predecessor(CertificateSpec spec, List<String> unconfigured) {
        if (unconfigured.isEmpty() || live(spec.name()).filter(v -> !v.placeholder()).isPresent()) {
            return Optional.empty();
        }
        Set<String> names = Set.copyOf(spec.domains());
        return unconfigured.stream()
                .filter(name -> live(name).filter(v -> !v.placeholder())
                        .filter(v -> Set.copyOf(v.facts().domains()).equals(names)).isPresent())
                .findFirst();
    }

    private Optional<LiveVersion> live(String name) {
        try {
            return store.live(name);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }
}
