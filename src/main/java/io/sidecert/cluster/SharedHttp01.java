package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeTask;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP-01 across the cluster: the CA may reach any node's proxy, not only the one of the node that orders. The
 * ordering node answers locally and publishes each answer in the database; every node serves it through its own
 * HTTP-01 solver (webroot or standalone responder) and acknowledges; the CA is told to validate once every node
 * that checks in has acknowledged, or after {@link #ACK_TIMEOUT} (a node that does not answer then is reported).
 * No volume is shared.
 */
public final class SharedHttp01 implements ChallengeSolver {
    private static final Logger LOG = LoggerFactory.getLogger(SharedHttp01.class);
    static final String CHANNEL = "sidecert_http01";
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RIDE_OUT = Duration.ofSeconds(20);
    /** Answers older than this are left over by a node that died in an order. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final ChallengeSolver local;
    private final Database database;
    private final String nodeId;
    private final Duration checkInInterval;
    /** The answers this node serves for others, by token. */
    private final Map<String, ChallengeTask> serving = new ConcurrentHashMap<>();

    public SharedHttp01(ChallengeSolver local, Database database, String nodeId, Duration checkInInterval) {
        this.local = requireNonNull(local, "local");
        this.database = requireNonNull(database, "database");
        this.nodeId = requireNonNull(nodeId, "nodeId");
        this.checkInInterval = requireNonNull(checkInInterval, "checkInInterval");
    }

    @Override
    public String challengeType() {
        return local.challengeType();
    }

    @Override
    public void present(ChallengeTask task) throws ChallengeException {
        local.present(task);
        try {
            retrying(() -> publish(task));
        } catch (SQLException e) {
            local.cleanUp(task);
            throw new ChallengeException("[" + task.certificate() + "] http-01 present " + task.domain()
                    + ": cannot publish the answer to the other nodes, whose proxies the CA may ask: "
                    + e.getMessage(), e);
        }
    }

    private Void publish(ChallengeTask task) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO sidecert_http01_token"
                        + " (token, key_authorization, certificate, domain, published_by) VALUES (?, ?, ?, ?, ?)"
                        + " ON CONFLICT (token) DO NOTHING");
                PreparedStatement ack = c.prepareStatement("INSERT INTO sidecert_http01_ack (token, node)"
                        + " VALUES (?, ?) ON CONFLICT DO NOTHING");
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            c.setAutoCommit(false);
            insert.setString(1, task.token());
            insert.setString(2, task.keyAuthorization());
            insert.setString(3, task.certificate());
            insert.setString(4, task.domain());
            insert.setString(5, nodeId);
            insert.executeUpdate();
            ack.setString(1, task.token());
            ack.setString(2, nodeId);
            ack.executeUpdate();
            notify.setString(1, CHANNEL);
            notify.setString(2, task.token());
            notify.execute();
            c.commit();
        }
        return null;
    }

    /**
     * Runs a database step again for {@link #RIDE_OUT} while the database does not answer: an order in flight
     * should outlast a database restart rather than fail and be placed again.
     */
    private <T> T retrying(SqlStep<T> step) throws SQLException {
        Instant deadline = Instant.now().plus(RIDE_OUT);
        while (true) {
            try {
                return step.run();
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @FunctionalInterface
    private interface SqlStep<T> {
        T run() throws SQLException;
    }

    /** Waits until every node that checks in serves the answers, so the CA finds them whichever node it reaches. */
    @Override
    public void awaitVisible(List<ChallengeTask> presented) throws ChallengeException, InterruptedException {
        local.awaitVisible(presented);
        Instant deadline = Instant.now().plus(ACK_TIMEOUT);
        while (true) {
            Map<String, Set<String>> missing;
            try {
                missing = retrying(() -> missingAcks(presented));
            } catch (SQLException e) {
                throw new ChallengeException("[" + presented.get(0).certificate() + "] http-01: cannot see whether"
                        + " the other nodes serve the answers: " + e.getMessage(), e);
            }
            if (missing.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                LOG.warn("[{}] http-01: after {} s, nodes {} do not serve every answer yet; validating anyway (the CA"
                        + " fails if it reaches their proxies)", presented.get(0).certificate(),
                        ACK_TIMEOUT.toSeconds(), missing);
                return;
            }
            Thread.sleep(50);
        }
    }

    /** For each presented token, the live nodes (checked in lately) that have not acknowledged it. */
    private Map<String, Set<String>> missingAcks(List<ChallengeTask> presented) throws SQLException {
        Map<String, Set<String>> missing = new HashMap<>();
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement("SELECT s.instance_name FROM qrtz_scheduler_state s"
                        + " WHERE s.last_checkin_time > ? AND NOT EXISTS (SELECT 1 FROM sidecert_http01_ack a"
                        + " WHERE a.token = ? AND a.node = s.instance_name)")) {
            long alive = System.currentTimeMillis() - 2 * checkInInterval.toMillis() - 7_500;
            for (ChallengeTask task : presented) {
                query.setLong(1, alive);
                query.setString(2, task.token());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        missing.computeIfAbsent(rows.getString(1), n -> new java.util.TreeSet<>()).add(task.token());
                    }
                }
            }
        }
        return missing;
    }

    @Override
    public void cleanUp(ChallengeTask task) {
        local.cleanUp(task);
        try (Connection c = database.connection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM sidecert_http01_token WHERE token = ?");
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            c.setAutoCommit(false);
            delete.setString(1, task.token());
            delete.executeUpdate();
            notify.setString(1, CHANNEL);
            notify.setString(2, task.token());
            notify.execute();
            c.commit();
        } catch (SQLException e) {
            LOG.warn("[{}] http-01 cleanup {}: the answer stays published until a node removes it as abandoned: {}",
                    task.certificate(), task.domain(), e.getMessage());
        }
    }

    /**
     * Brings what this node serves for the others in line with the database: serves and acknowledges new answers,
     * removes withdrawn ones, and deletes answers abandoned by a node that died in an order.
     */
    public void sync() throws SQLException {
        Map<String, ChallengeTask> published = new HashMap<>();
        try (Connection c = database.connection()) {
            try (PreparedStatement purge = c.prepareStatement(
                    "DELETE FROM sidecert_http01_token WHERE published_at < now() - make_interval(secs => ?)")) {
                purge.setLong(1, ABANDONED.toSeconds());
                purge.executeUpdate();
            }
            try (PreparedStatement query = c.prepareStatement("SELECT token, key_authorization, certificate, domain"
                    + " FROM sidecert_http01_token WHERE published_by <> ?")) {
                query.setString(1, nodeId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        published.put(rows.getString(1), new ChallengeTask(rows.getString(3), rows.getString(4),
                                rows.getString(1), rows.getString(2)));
                    }
                }
            }
            for (ChallengeTask task : published.values()) {
                if (!serving.containsKey(task.token()) && serve(task)) {
                    try (PreparedStatement ack = c.prepareStatement("INSERT INTO sidecert_http01_ack (token, node)"
                            + " SELECT ?, ? WHERE EXISTS (SELECT 1 FROM sidecert_http01_token WHERE token = ?)"
                            + " ON CONFLICT DO NOTHING")) {
                        ack.setString(1, task.token());
                        ack.setString(2, nodeId);
                        ack.setString(3, task.token());
                        ack.executeUpdate();
                    }
                }
            }
        }
        for (ChallengeTask withdrawn : serving.values()) {
            if (!published.containsKey(withdrawn.token())) {
                serving.remove(withdrawn.token());
                local.cleanUp(withdrawn);
            }
        }
    }

    private boolean serve(ChallengeTask task) {
        try {
            local.present(task);
            serving.put(task.token(), task);
            return true;
        } catch (ChallengeException | RuntimeException e) {
            LOG.warn("[{}] http-01: cannot serve the answer for {} that another node published: {}",
                    task.certificate(), task.domain(), e.getMessage());
            return false;
        }
    }
}
