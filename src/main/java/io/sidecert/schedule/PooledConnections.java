package io.sidecert.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from sidecert's own pool, which the node closes itself. */
final class PooledConnections implements ConnectionProvider {
    private final DataSource pool;

    PooledConnections(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to the cluster node, which closes it after the scheduler
    }

    @Override
    public void initialize() {
        // the pool exists already
    }
}
