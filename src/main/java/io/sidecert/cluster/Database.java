package io.sidecert.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sidecert.config.ClusterSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The cluster's PostgreSQL: a small connection pool that may be created while the database is down (it connects on
 * first use), and the schema migration, Quartz's tables and sidecert's, run by Flyway once it is reachable.
 */
public final class Database implements AutoCloseable {
    /** How long a caller waits for a connection before the database counts as unreachable. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /** How long callers fail at once after the database did not answer. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(5);

    private final HikariDataSource pool;
    private volatile long lastFailure;
    private volatile String lastError = "";

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** A pool for {@code settings}; it does not connect yet, so a node starts while the database is down. */
    public static Database of(ClusterSettings settings, int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setPoolName("sidecert-db");
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(3).toMillis());
        // Negative: build the pool without a first connection; the database may come up after this node.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", "sidecert " + settings.nodeId());
        config.addDataSourceProperty("tcpKeepAlive", "true");
        // A dead server must not hold a caller for minutes: fail the socket read well within a check-in.
        config.addDataSourceProperty("socketTimeout", "60");
        return new Database(new HikariDataSource(config));
    }

    /** Creates or migrates the schema; idempotent, and safe when several nodes start at once (Flyway locks). */
    public void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                .table("sidecert_schema_history").baselineOnMigrate(true).load().migrate();
    }

    /**
     * A connection from the pool. For a few seconds after one could not be had, callers fail at once instead of
     * each waiting the connect timeout: a status page over thousands of certificates must not hang on a dead database.
     */
    public Connection connection() throws SQLException {
        long failed = lastFailure;
        if (failed != 0 && System.nanoTime() - failed < FAIL_FAST.toNanos()) {
            throw new SQLException("the database did not answer " + lastError + " (not asked again for "
                    + FAIL_FAST.toSeconds() + " s)", "08001");
        }
        try {
            Connection connection = pool.getConnection();
            lastFailure = 0;
            return connection;
        } catch (SQLException e) {
            lastError = "(" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
            lastFailure = System.nanoTime();
            throw e;
        }
    }

    /** Closes a connection for good instead of returning it to the pool: its session may hold a lock. */
    public void evict(Connection connection) {
        pool.evictConnection(connection);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** One round trip: whether the database answers now. */
    public boolean reachable() {
        try (Connection c = connection()) {
            return c.isValid((int) Duration.ofSeconds(3).toSeconds());
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
