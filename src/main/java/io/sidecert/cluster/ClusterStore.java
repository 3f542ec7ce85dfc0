package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.Placeholders;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's certificate store in cluster mode: its own files (the proxy beside it reads them) kept in line with the
 * database, which records every version any node stored. A new version goes to the database first, so the other
 * nodes learn of it, and then to the files. Before a decision under the certificate's lock the files are brought up
 * to the database's version, so a node never orders what another node already stored.
 *
 * <p>The last issued version wins both ways: the files take a newer database version (or any, over a placeholder),
 * and the database takes a newer file version, which a node stored while the database was away.
 */
public final class ClusterStore implements CertificateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterStore.class);

    private final CertificateStore files;
    private final SharedVersions shared;
    private final Map<String, ReentrantLock> writing = new ConcurrentHashMap<>();

    public ClusterStore(CertificateStore files, SharedVersions shared) {
        this.files = requireNonNull(files, "files");
        this.shared = requireNonNull(shared, "shared");
    }

    /** The live version after bringing it in line with the database; the files alone when it is unreachable. */
    @Override
    public Optional<StoredCertificate> current(String name) throws StoreException {
        try {
            reconcile(name, shared.head(name));
        } catch (SQLException e) {
            LOG.warn("[{}] store: the database is unreachable ({}); deciding from this node's files", name,
                    e.getMessage());
        }
        return files.current(name);
    }

    @Override
    public Optional<LiveVersion> live(String name) throws StoreException {
        return files.live(name);
    }

    /**
     * Records the version in the database, then writes the files. If the database is away the files are written
     * anyway (the certificate is not lost, and this node serves it) and the next catch-up records it.
     */
    @Override
    public StoredCertificate save(String name, CertificateMaterial material) throws StoreException {
        ReentrantLock lock = lock(name);
        try {
            if (!Placeholders.isPlaceholder(material.leaf())) {   // a stand-in is this node's own business
                try {
                    shared.add(name, material);
                } catch (SQLException e) {
                    LOG.error("[{}] store: the database is unreachable ({}); the certificate is saved on this node"
                            + " only, and recorded for the other nodes when the database is back", name,
                            e.getMessage());
                }
            }
            return files.save(name, material);
        } finally {
            lock.unlock();
        }
    }

    /** Held while a certificate's files change here: a renewal's save and a catch-up must not interleave. */
    private ReentrantLock lock(String name) {
        ReentrantLock lock = writing.computeIfAbsent(name, n -> new ReentrantLock());
        lock.lock();
        return lock;
    }

    @Override
    public void checkWritable(String name) throws StoreException {
        files.checkWritable(name);
    }

    /**
     * Forgets the versions in the database first, so that no node's catch-up brings the files back, then removes
     * this node's files. Other nodes' files stay until {@code sidecert delete} runs there too.
     */
    @Override
    public List<String> remove(String name) throws StoreException {
        ReentrantLock lock = lock(name);
        try {
            try {
                shared.forget(name);
            } catch (SQLException e) {
                throw new StoreException("[" + name + "] delete: the database is unreachable (" + e.getMessage()
                        + "); nothing was removed, run `sidecert delete " + name + "` again when it is back", e);
            }
            return files.remove(name);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> names() throws StoreException {
        return files.names();
    }

    /**
     * Brings the files of {@code names} in line with the database, in one query.
     *
     * @return the certificates whose files now hold another version
     */
    public List<String> catchUp(Collection<String> names) throws SQLException {
        Map<String, SharedVersions.Head> heads = shared.heads();
        List<String> changed = new ArrayList<>();
        for (String name : names) {
            try {
                if (reconcile(name, Optional.ofNullable(heads.get(name)))) {
                    changed.add(name);
                }
            } catch (StoreException e) {
                LOG.error("[{}] store: cannot catch up with the database: {}", name, e.getMessage());
            }
        }
        return changed;
    }

    /** @return whether the files changed */
    private boolean reconcile(String name, Optional<SharedVersions.Head> head) throws StoreException, SQLException {
        ReentrantLock lock = lock(name);
        try {
            return reconcileLocked(name, head);
        } finally {
            lock.unlock();
        }
    }

    private boolean reconcileLocked(String name, Optional<SharedVersions.Head> head)
            throws StoreException, SQLException {
        Optional<LiveVersion> live = files.live(name);
        boolean ownReal = live.isPresent() && !live.get().placeholder();
        if (head.isEmpty()) {
            if (ownReal) {
                upload(name);
            }
            return false;
        }
        BigInteger serial = head.get().serial();
        if (live.isPresent() && live.get().facts().serial().equals(serial)) {
            return false;
        }
        Instant ownIssued = ownReal ? live.get().facts().notBefore() : Instant.MIN;
        if (ownIssued.isAfter(head.get().notBefore())) {
            upload(name);
            return false;
        }
        Optional<CertificateMaterial> material;
        try {
            material = shared.material(name, serial);
        } catch (IOException e) {
            throw new StoreException("[" + name + "] store: the database's version " + serial.toString(16)
                    + " cannot be used: " + e.getMessage() + " (every node needs the same cluster.secret-file)", e);
        }
        if (material.isEmpty()) {
            return false;   // removed meanwhile
        }
        StoredCertificate written = files.save(name, material.get());
        LOG.info("[{}] store: took version {} from the database (serial {})", name, written.version(),
                serial.toString(16));
        return true;
    }

    private void upload(String name) throws StoreException, SQLException {
        Optional<StoredCertificate> own = files.current(name);
        if (own.isPresent() && !own.get().isPlaceholder()) {
            shared.add(name, own.get().material());
            LOG.info("[{}] store: recorded this node's version (serial {}) in the database", name,
                    own.get().facts().serial().toString(16));
        }
    }
}
