package io.sidecert.cli;

import io.sidecert.acme.AccountKeys;
import io.sidecert.cluster.ClusterImport;
import io.sidecert.cluster.DbAccountKeys;
import io.sidecert.cluster.DbStateStore;
import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.JsonStateStore;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * Moves a single node to cluster mode without re-ordering: its account keys, certificate states and current
 * versions go into the database. Safe to repeat; what the database has already is kept.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Load this node's account keys, certificate states and current certificates (storage.state,"
                + " storage.certificates) into the cluster database; what the database holds already is kept.")
final class ClusterImportCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) throws Exception {
        if (config.cluster().isEmpty()) {
            err().println("sidecert: cluster import needs the cluster section (cluster.jdbc-url, password-file and"
                    + " secret-file) in " + configFile() + "; nothing was imported.");
            return ExitCodes.CONFIG_INVALID;
        }
        var files = new CertbotLayoutStore(config.storage());
        ClusterParts cluster = ClusterParts.open(config.cluster().get(), files, 1);
        try {
            cluster.database().migrate();
            Set<URI> directories = new LinkedHashSet<>();
            directories.add(config.acme().directory());
            config.certificates().stream().map(CertificateSpec::ca).forEach(directories::add);
            ClusterImport.Report report = new ClusterImport(files, new JsonStateStore(config.storage().state()),
                    new AccountKeys(config.storage().state()), cluster.versions(), new DbStateStore(cluster.database(), main.clock),
                    new DbAccountKeys(cluster.database(), cluster.secrets()))
                    .run(files.names(), directories);
            out().println(report.describe());
            return ExitCodes.OK;
        } finally {
            cluster.database().close();
        }
    }
}
