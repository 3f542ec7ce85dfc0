package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as {@code /status} shows it: the nodes that check in, from Quartz's scheduler state, and which node runs
 * which job now.
 *
 * @param node    the node answering
 * @param nodes   every node that checked in, with when it last did
 * @param running the jobs executing now: a certificate's name (or "pass") and the node running it
 */
public record ClusterStatus(String node, List<Member> nodes, List<RunningJob> running) {
    public ClusterStatus {
        requireNonNull(node, "node");
        nodes = List.copyOf(nodes);
        running = List.copyOf(running);
    }

    /** A node as its last check-in shows it; one silent for well over its interval is being taken over. */
    public record Member(String node, Instant lastCheckIn, long checkInIntervalMillis) {
    }

    public record RunningJob(String job, String node, Instant since) {
    }
}
