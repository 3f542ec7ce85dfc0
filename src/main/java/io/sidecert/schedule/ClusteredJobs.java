package io.sidecert.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import javax.sql.DataSource;

/**
 * Quartz's clustered JDBC job store instead of the in-memory one: each job fires on one node, and a node that stops
 * checking in has its running jobs (the certificates' jobs request recovery) taken over by another.
 *
 * @param nodeId          this node's instance id in Quartz's tables
 * @param checkInInterval how often this node checks in; the others take over after about this plus 7.5 s
 */
public record ClusteredJobs(String nodeId, Duration checkInInterval, DataSource dataSource) {
    public ClusteredJobs {
        requireNonNull(nodeId, "nodeId");
        requireNonNull(checkInInterval, "checkInInterval");
        requireNonNull(dataSource, "dataSource");
    }
}
