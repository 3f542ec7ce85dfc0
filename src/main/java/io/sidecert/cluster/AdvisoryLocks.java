package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.renew.ProcessLocks;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A certificate's cluster-wide lock: a PostgreSQL session advisory lock on the certificate's name, held on a
 * connection of its own for the whole order. It ends with its session, so a node killed in the middle of an order
 * never leaves the certificate locked; the node that takes over looks again under the lock before it orders.
 */
public final class AdvisoryLocks implements ProcessLocks {
    private final Database database;

    public AdvisoryLocks(Database database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public Optional<AutoCloseable> tryLock(String name) throws IOException {
        Connection connection;
        try {
            connection = database.connection();
        } catch (SQLException e) {
            throw new IOException("the database is unreachable (" + e.getMessage() + ")", e);
        }
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtextextended(?, 0))")) {
            lock.setString(1, name);
            try (ResultSet row = lock.executeQuery()) {
                if (row.next() && row.getBoolean(1)) {
                    return Optional.of(() -> release(connection, name));
                }
            }
            connection.close();
            return Optional.empty();
        } catch (SQLException e) {
            database.evict(connection);
            throw new IOException("cannot take the database lock: " + e.getMessage(), e);
        }
    }

    /** Back to the pool only when unlocked; a connection whose unlock failed is closed, which ends the session. */
    private void release(Connection connection, String name) {
        try (PreparedStatement unlock = connection.prepareStatement(
                "SELECT pg_advisory_unlock(hashtextextended(?, 0))")) {
            unlock.setString(1, name);
            unlock.execute();
            connection.close();
        } catch (SQLException e) {
            database.evict(connection);
        }
    }
}
