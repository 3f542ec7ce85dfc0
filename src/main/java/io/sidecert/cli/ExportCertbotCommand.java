package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.Http01Mode;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CertificateLocks;
import io.sidecert.store.CertbotExport;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The way back to certbot: writes certbot's layout for the stored certificates so that {@code certbot certificates}
 * and {@code certbot renew} work on them again. See {@link CertbotExport} for what changes on disk.
 */
@Command(name = "export-certbot", mixinStandardHelpOptions = true,
        description = "Write certbot's layout (live/NAME/*.pem links to archive/NAME/*N.pem, renewal/NAME.conf) for"
                + " the named certificates, or all stored ones, so that certbot can take them back.")
final class ExportCertbotCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Stored certificates; all of them when none is named.")
    List<String> names = new ArrayList<>();

    @Option(names = "--certbot-dir", paramLabel = "DIR",
            description = "Where certbot sees the certificates directory (its --config-dir, e.g. /etc/letsencrypt); "
                    + "default: storage.certificates as this process sees it.")
    Path certbotDir;

    @Override
    int call(SidecertConfig config) throws Exception {
        Path root = config.storage().certificates().toAbsolutePath();
        List<String> exported = names.isEmpty() ? new CertbotLayoutStore(config.storage()).names() : names;
        CertbotExport export = new CertbotExport(root, FileOwnership.of(config.storage()));
        CertificateLocks locks = new CertificateLocks(config.storage().state());
        int code = ExitCodes.OK;
        for (String name : exported) {
            code = Math.max(code, export(export, locks, config, name));
        }
        List<String> configured = exported.stream().filter(name -> config.certificate(name).isPresent()).toList();
        if (!configured.isEmpty()) {
            err().println("note: " + configured + " are still configured: stop sidecert (or remove them from"
                    + " domains.conf) before certbot renews them, or sidecert takes them over again at its next renewal");
        }
        return code;
    }

    private int export(CertbotExport export, CertificateLocks locks, SidecertConfig config, String name)
            throws IOException {
        // The file lock: a single sidecert beside certbot; a cluster node would also need the database's lock.
        Optional<CertificateLocks.Held> lock = locks.tryLock(name);
        if (lock.isEmpty()) {
            err().println("sidecert: [" + name + "] export-certbot: sidecert is renewing it right now; try again in a"
                    + " minute");
            return ExitCodes.FAILED;
        }
        try (CertificateLocks.Held held = lock.get()) {
            Path certbotRoot = certbotDir != null ? certbotDir : config.storage().certificates().toAbsolutePath();
            CertbotExport.Result result = export.export(name, certbotRoot,
                    renewalParams(config, config.certificate(name)));
            out().println(name + ": version " + result.version() + (result.linksWritten()
                    ? " exported as certbot's live/" + name + "/" : ", live/" + name + "/ was certbot's already")
                    + (result.renewalWritten() ? ", renewal/" + name + ".conf written" : ", renewal/" + name
                    + ".conf kept"));
            return ExitCodes.OK;
        } catch (StoreException e) {
            err().println("sidecert: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /**
     * Certbot's {@code [renewalparams]} for a lineage that never had any: the CA, and the challenge as sidecert did
     * it. Certbot uses the account it has at that CA (`certbot register` first if it has none).
     */
    static List<String> renewalParams(SidecertConfig config, Optional<CertificateSpec> spec) {
        List<String> lines = new ArrayList<>();
        lines.add("server = " + spec.map(CertificateSpec::ca).orElse(config.acme().directory()));
        if (spec.map(s -> s.challenge() == ChallengeType.DNS_01).orElse(false)) {
            lines.add("# sidecert proved these names over DNS-01: use your certbot DNS plugin here");
            lines.add("authenticator = manual");
        } else if (config.http01().mode() == Http01Mode.STANDALONE) {
            lines.add("authenticator = standalone");
        } else {
            lines.add("authenticator = webroot");
            lines.add("webroot_path = " + config.http01().webroot().toAbsolutePath() + ",");
        }
        return lines;
    }
}
