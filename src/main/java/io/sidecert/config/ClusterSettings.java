package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Cluster mode: several nodes share the jobs (Quartz's clustered JDBC store) and the certificates, their state and
 * the ACME accounts through one PostgreSQL database; each node still writes its own certificate files.
 *
 * @param jdbcUrl         the database, e.g. {@code jdbc:postgresql://db:5432/sidecert}
 * @param password        read from {@code password-file} at start, never written anywhere
 * @param secretFile      the file whose content the private keys in the database are encrypted under
 * @param nodeId          this node's name in the cluster, unique per node (default: the host name)
 * @param checkInInterval how often a node tells the others it is alive; a node silent for longer is taken over
 * @param catchUpInterval how often a node compares its files with the database, besides the notifications
 */
public record ClusterSettings(String jdbcUrl, String user, String password, Path secretFile, String nodeId,
        Duration checkInInterval, Duration catchUpInterval) {
    public ClusterSettings {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(secretFile, "secretFile");
        requireNonNull(nodeId, "nodeId");
        requireNonNull(checkInInterval, "checkInInterval");
        requireNonNull(catchUpInterval, "catchUpInterval");
    }

    @Override
    public String toString() {
        return "ClusterSettings[" + jdbcUrl + ", user " + user + ", node " + nodeId + "]";   // never the password
    }
}
