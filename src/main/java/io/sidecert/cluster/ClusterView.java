package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads who is in the cluster and who runs what from Quartz's own tables, the record Quartz fails over by. */
public final class ClusterView {
    private final Database database;
    private final String nodeId;

    public ClusterView(Database database, String nodeId) {
        this.database = requireNonNull(database, "database");
        this.nodeId = requireNonNull(nodeId, "nodeId");
    }

    /** Empty while the database does not answer (the health says so). */
    public Optional<ClusterStatus> status() {
        try (Connection c = database.connection()) {
            List<ClusterStatus.Member> nodes = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT instance_name, last_checkin_time, checkin_interval"
                    + " FROM qrtz_scheduler_state ORDER BY instance_name");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    nodes.add(new ClusterStatus.Member(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)),
                            rows.getLong(3)));
                }
            }
            List<ClusterStatus.RunningJob> running = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT job_name, instance_name, fired_time"
                    + " FROM qrtz_fired_triggers WHERE state = 'EXECUTING' ORDER BY fired_time");
                    ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    running.add(new ClusterStatus.RunningJob(rows.getString(1), rows.getString(2),
                            Instant.ofEpochMilli(rows.getLong(3))));
                }
            }
            return Optional.of(new ClusterStatus(nodeId, nodes, running));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
