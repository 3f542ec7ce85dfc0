package io.sidecert.cli;

import io.sidecert.cluster.ClusterStore;
import io.sidecert.cluster.Database;
import io.sidecert.cluster.SecretBox;
import io.sidecert.cluster.SharedVersions;
import io.sidecert.config.ClusterSettings;
import io.sidecert.schedule.ClusteredJobs;
import io.sidecert.store.CertificateStore;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What cluster mode adds to the wiring: the database, the key seal, and the store kept in line with both. */
record ClusterParts(ClusterSettings settings, Database database, SecretBox secrets, SharedVersions versions,
        ClusterStore store) {

    /** Quartz's clustered job store on this database, with this node's id and check-in interval. */
    ClusteredJobs jobs() {
        return new ClusteredJobs(settings.nodeId(), settings.checkInInterval(), database.dataSource());
    }

    /**
     * Connections: one per running order (each holds its certificate's lock), as many for Quartz's threads, one for
     * the notifications, a few for status and state.
     */
    static ClusterParts open(ClusterSettings settings, CertificateStore files, int parallelism) {
        SecretBox secrets;
        try {
            secrets = SecretBox.fromFile(settings.secretFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cluster.secret-file " + settings.secretFile() + " cannot be read: "
                    + e.getMessage(), e);
        }
        Database database = Database.of(settings, 2 * (parallelism + 1) + 6);
        SharedVersions versions = new SharedVersions(database, secrets, settings.nodeId());
        return new ClusterParts(settings, database, secrets, versions, new ClusterStore(files, versions));
    }
}
