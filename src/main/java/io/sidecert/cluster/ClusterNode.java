package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.ClusterSettings;
import io.sidecert.observe.health.HealthContributor;
import io.sidecert.observe.health.HealthFinding;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node in the cluster, on a thread of its own. Joining waits for the database (the node serves the files
 * it has meanwhile), migrates the schema, brings the files up to the database's versions and only then lets the
 * renewals start, so that a node that was down reloads its proxies with the current certificates. Afterwards it
 * listens for new versions (PostgreSQL LISTEN/NOTIFY) and compares all of them every catch-up interval; a lost
 * connection is retried, and shows in the health as degraded.
 */
public final class ClusterNode implements HealthContributor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
    private static final Duration RETRY_FIRST = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    /** How long one wait for notifications lasts: also how soon a closing node notices. */
    private static final int POLL_MILLIS = 500;

    private final ClusterSettings settings;
    private final Database database;
    private final ClusterStore store;
    private final Supplier<Collection<String>> certificates;
    private final Consumer<List<String>> changed;
    private final Optional<SharedHttp01> http01;
    private final Clock clock;
    private final Thread thread;
    private volatile Runnable onJoined = () -> { };
    private volatile boolean joined;
    private volatile boolean closed;
    /** Since when the database does not answer; empty while it does. */
    private volatile Optional<Instant> unreachableSince;
    private volatile String lastError = "";

    /**
     * @param certificates the names configured now
     * @param changed      told which certificates' files took another version, to reload the proxies
     */
    public ClusterNode(ClusterSettings settings, Database database, ClusterStore store,
            Supplier<Collection<String>> certificates, Consumer<List<String>> changed, Optional<SharedHttp01> http01,
            Clock clock) {
        this.http01 = requireNonNull(http01, "http01");
        this.settings = requireNonNull(settings, "settings");
        this.database = requireNonNull(database, "database");
        this.store = requireNonNull(store, "store");
        this.certificates = requireNonNull(certificates, "certificates");
        this.changed = requireNonNull(changed, "changed");
        this.clock = requireNonNull(clock, "clock");
        this.unreachableSince = Optional.of(clock.instant());
        this.thread = new Thread(this::run, "cluster-node");
        thread.setDaemon(true);
    }

    /** Starts joining; {@code onJoined} runs on this node's thread once the files are in line with the database. */
    public void start(Runnable whenJoined) {
        this.onJoined = requireNonNull(whenJoined, "whenJoined");
        thread.start();
    }

    public boolean joined() {
        return joined;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    private void run() {
        Duration retry = RETRY_FIRST;
        while (!closed) {
            try (Connection connection = database.connection()) {
                if (!joined) {
                    database.migrate();
                }
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + SharedVersions.CHANNEL);
                    listen.execute("LISTEN " + SharedHttp01.CHANNEL);
                }
                // Notifications sent while this node was away are lost: compare everything first.
                catchUp(certificates.get());
                syncHttp01();
                if (!joined) {
                    onJoined.run();
                    joined = true;
                    LOG.info("cluster: node {} joined; certificate files are in line with the database",
                            settings.nodeId());
                }
                reachable();
                retry = RETRY_FIRST;
                listen(connection.unwrap(PGConnection.class));
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                unreachable(e);
                sleep(retry);
                retry = retry.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : retry.multipliedBy(2);
            }
        }
    }

    private void listen(PGConnection connection) throws SQLException {
        Instant nextCatchUp = clock.instant().plus(settings.catchUpInterval());
        while (!closed) {
            PGNotification[] notifications = connection.getNotifications(POLL_MILLIS);
            if (notifications != null && notifications.length > 0) {
                Set<String> named = new TreeSet<>();
                boolean answers = false;
                for (PGNotification n : notifications) {
                    if (n.getName().equals(SharedHttp01.CHANNEL)) {
                        answers = true;
                    } else {
                        named.add(n.getParameter());
                    }
                }
                if (answers) {
                    syncHttp01();
                }
                named.retainAll(certificates.get());
                if (!named.isEmpty()) {
                    catchUp(named);
                }
            }
            if (!clock.instant().isBefore(nextCatchUp)) {
                catchUp(certificates.get());
                syncHttp01();
                nextCatchUp = clock.instant().plus(settings.catchUpInterval());
            }
        }
    }

    private void catchUp(Collection<String> names) throws SQLException {
        List<String> updated = store.catchUp(new ArrayList<>(names));
        if (!updated.isEmpty()) {
            changed.accept(updated);
        }
    }

    private void syncHttp01() throws SQLException {
        if (http01.isPresent()) {
            http01.get().sync();
        }
    }

    private void reachable() {
        if (unreachableSince.isPresent() && !lastError.isEmpty()) {
            LOG.info("cluster: the database answers again");
        }
        lastError = "";
        unreachableSince = Optional.empty();
    }

    private void unreachable(Exception e) {
        boolean news = unreachableSince.isEmpty() || lastError.isEmpty();
        lastError = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString());
        if (news) {
            LOG.warn("cluster: the database at {} is unreachable ({}); renewals pause, the certificate files on"
                    + " disk are still served; retrying", settings.jdbcUrl(), lastError);
        }
        if (unreachableSince.isEmpty()) {
            unreachableSince = Optional.of(clock.instant());
        }
    }

    /** Degraded while the database does not answer: no renewals then, though the proxies keep serving. */
    @Override
    public List<HealthFinding> findings(Instant now) {
        Optional<Instant> since = unreachableSince;
        String error = lastError;
        if (since.isEmpty()) {
            return List.of();
        }
        if (error.isEmpty()) {
            return List.of(HealthFinding.degraded("this node is joining the cluster (database " + settings.jdbcUrl()
                    + "): renewals start once its files are in line with the database"));
        }
        String state = joined ? "renewals are paused" : "this node has not joined the cluster yet";
        return List.of(HealthFinding.degraded("the cluster database " + settings.jdbcUrl() + " is unreachable since "
                + since.get() + " (" + error + "): " + state + "; the certificates on disk are still served"));
    }

    private void sleep(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
