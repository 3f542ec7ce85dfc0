package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertificateState;
import io.sidecert.store.StateJson;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-certificate state in the database, so that the node that runs a certificate's next job knows its back-off,
 * ARI window and last failure whichever node ran the one before. Always read fresh: another node may have written.
 */
public final class DbStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(DbStateStore.class);

    /** How long a state read or written here is taken as current by {@link #load}. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(30);

    private final Database database;
    private final Clock clock;
    private final StateJson json = new StateJson();
    private final Map<String, Known> recent = new ConcurrentHashMap<>();

    public DbStateStore(Database database, Clock clock) {
        this.database = requireNonNull(database, "database");
        this.clock = requireNonNull(clock, "clock");
    }

    private record Known(CertificateState state, Instant at) {
    }

    /**
     * From memory when read or written here within {@link #FRESH_FOR}: routine passes and the status page ask for
     * every certificate often. Decisions under the lock use {@link #loadFresh}.
     */
    @Override
    public CertificateState load(String name) throws StoreException {
        Known known = recent.get(name);
        if (known != null && Duration.between(known.at(), clock.instant()).compareTo(FRESH_FOR) < 0) {
            return known.state();
        }
        return loadFresh(name);
    }

    @Override
    public CertificateState loadFresh(String name) throws StoreException {
        CertificateState state = query(name);
        recent.put(name, new Known(state, clock.instant()));
        return state;
    }

    private CertificateState query(String name) throws StoreException {
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT state FROM sidecert_certificate_state WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return CertificateState.initial(name);
                }
                return parse(name, rows.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("[" + name + "] state: cannot read it from the database: " + e.getMessage(), e);
        }
    }

    /** Like a state file, an unreadable row is advisory: logged and replaced by the initial state. */
    private CertificateState parse(String name, String text) {
        try {
            CertificateState state = json.read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (state != null && state.name().equals(name)) {
                return state;
            }
            LOG.warn("[{}] state: the database row holds another certificate's state; starting from a clean state",
                    name);
        } catch (IOException e) {
            LOG.warn("[{}] state: the database row is unreadable ({}); starting from a clean state", name,
                    e.getMessage());
        }
        return CertificateState.initial(name);
    }

    @Override
    public void save(CertificateState state) throws StoreException {
        try (Connection c = database.connection();
                PreparedStatement upsert = c.prepareStatement("INSERT INTO sidecert_certificate_state (name, state)"
                        + " VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, updated_at = now()")) {
            upsert.setString(1, state.name());
            upsert.setString(2, new String(json.write(state), java.nio.charset.StandardCharsets.UTF_8));
            upsert.executeUpdate();
            recent.put(state.name(), new Known(state, clock.instant()));
        } catch (SQLException | IOException e) {
            throw new StoreException("[" + state.name() + "] state: cannot save it in the database: "
                    + e.getMessage() + "; renewals go on, but back-off is forgotten", e);
        }
    }

    @Override
    public void delete(String name) throws StoreException {
        recent.remove(name);
        try (Connection c = database.connection();
                PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM sidecert_certificate_state WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("[" + name + "] state: cannot delete it from the database: " + e.getMessage(), e);
        }
    }
}
