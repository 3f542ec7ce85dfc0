package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CheckOutcome;
import java.util.Locale;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Revokes the live certificate and, unless told not to, replaces it at once with one on a new key:
 * a revoked certificate left in place would break every visitor's connection.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate at the CA, then obtain a replacement with a new key.")
final class RevokeCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "NAME", description = "The certificate's name in domains.conf, or a stored certificate no"
            + " longer configured (revoked only, never replaced).")
    String name;

    @Option(names = "--reason", paramLabel = "R", defaultValue = "unspecified",
            description = "unspecified, key-compromise, superseded, affiliation-changed, cessation-of-operation.")
    String reason;

    @Option(names = "--no-replace", description = "Only revoke; leave the revoked certificate in place.")
    boolean noReplace;

    @Override
    int call(SidecertConfig config) throws Exception {
        Optional<RevocationReason> revocationReason = reason(reason);
        if (revocationReason.isEmpty()) {
            err().println("sidecert: --reason " + reason + " is not a reason; use unspecified, key-compromise,"
                    + " superseded, affiliation-changed or cessation-of-operation");
            return ExitCodes.FAILED;
        }
        if (config.certificate(name).isEmpty()) {
            return revokeUnconfigured(config, revocationReason.get());
        }
        Optional<CertificateSpec> spec = config.certificate(name);
        try (Wiring wiring = Wiring.of(config, main.clock)) {
            CheckOutcome outcome = wiring.renewals.revoke(spec.get(), revocationReason.get(), !noReplace);
            (outcome.notDone() ? err() : out()).println(name + ": " + outcome.result().name().toLowerCase(Locale.ROOT)
                    + " - " + outcome.detail());
            return exitCode(outcome, wiring);
        }
    }

    /**
     * A certificate left in the store after its entry was removed: revoked with the configured CA and account, and
     * never replaced, since nothing renews it.
     */
    private int revokeUnconfigured(SidecertConfig config, RevocationReason revocationReason) throws Exception {
        try (Wiring wiring = Wiring.withoutChallenges(config, main.clock)) {
            Optional<CertificateSpec> stored = Certificates.stored(config, wiring.store, name, err());
            if (stored.isEmpty()) {
                return ExitCodes.FAILED;
            }
            CheckOutcome outcome = wiring.renewals.revoke(stored.get(), revocationReason, false);
            (outcome.notDone() ? err() : out()).println(name + ": " + outcome.result().name().toLowerCase(Locale.ROOT)
                    + " - " + outcome.detail() + (outcome.notDone() ? "" : "; not configured, so not replaced;"
                    + " `sidecert delete " + name + "` removes its files"));
            return outcome.notDone() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }

    static Optional<RevocationReason> reason(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "unspecified" -> Optional.of(RevocationReason.UNSPECIFIED);
            case "key-compromise" -> Optional.of(RevocationReason.KEY_COMPROMISE);
            case "superseded" -> Optional.of(RevocationReason.SUPERSEDED);
            case "affiliation-changed" -> Optional.of(RevocationReason.AFFILIATION_CHANGED);
            case "cessation-of-operation" -> Optional.of(RevocationReason.CESSATION_OF_OPERATION);
            default -> Optional.empty();
        };
    }
}
