package io.sidecert.cli;

import io.sidecert.cluster.DbStateStore;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.renew.OrderBudget;
import io.sidecert.renew.RenewalPolicy;
import io.sidecert.renew.RetryPolicy;
import io.sidecert.renew.StatusReport;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/** The table of certificates: what is there, how long it lasts, when it renews, how the last try went. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Show each configured certificate (domains, issuer, expiry, next renewal, last result), and those"
                + " stored but no longer configured.")
final class ListCommand extends ConfiguredCommand {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-20s %-14s %-36s %-22s %-17s %9s  %-34s %s%n";

    @Override
    int call(SidecertConfig config) {
        var files = new CertbotLayoutStore(config.storage());
        // In a cluster the states are in the database; the certificates are this node's files either way.
        Optional<ClusterParts> cluster = config.cluster().map(settings -> ClusterParts.open(settings, files, 1));
        List<CertificateStatus> rows;
        try {
            StateStore states = cluster.<StateStore>map(c -> new DbStateStore(c.database(), main.clock))
                    .orElseGet(() -> new JsonStateStore(config.storage().state()));
            // The daemon's order budget lives in its memory; this process shows what the store says.
            StatusReport report = new StatusReport(files, states, new RenewalPolicy(),
                    new RetryPolicy(new SecureRandom()), OrderBudget.unlimited(), main.clock);
            rows = new ArrayList<>(report.of(config.certificates()));
            rows.addAll(report.unconfigured(unconfigured(files, config)));
        } finally {
            cluster.ifPresent(c -> c.database().close());
        }
        PrintWriter out = out();
        out.printf(ROW, "NAME", "STATE", "DOMAINS", "ISSUER", "NOT AFTER (UTC)", "DAYS LEFT", "NEXT ACTION (UTC)", "LAST RESULT");
        Instant now = main.clock.instant();
        for (CertificateStatus s : rows) {
            out.printf(ROW, s.name(), s.standing().label(), String.join(",", s.domains()), s.issuer().orElse("-"),
                    time(s.notAfter()), s.notAfter().map(t -> Long.toString(Duration.between(now, t).toDays())).orElse("-"),
                    s.nextAction().map(a -> a.kind().label() + " " + WHEN.format(a.at())).orElse("-"),
                    s.lastResult().orElse("-")
                            + s.lastError().map(e -> ": " + e).orElse(""));
        }
        return ExitCodes.OK;
    }

    private static List<String> unconfigured(CertbotLayoutStore files, SidecertConfig config) {
        try {
            return files.names().stream().filter(name -> config.certificate(name).isEmpty()).toList();
        } catch (StoreException e) {
            return List.of();
        }
    }

    private static String time(Optional<Instant> t) {
        return t.map(WHEN::format).orElse("-");
    }
}
