package io.sidecert.cli;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CertificateRenewer.Trigger;
import io.sidecert.renew.CheckOutcome;
import io.sidecert.store.StoredCertificate;
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
    @Parameters(paramLabel = "NAME", description = "The certificate's name in domains.conf.")
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
        Optional<CertificateSpec> spec = Certificates.find(config, name, err());
        if (spec.isEmpty()) {
            return ExitCodes.FAILED;
        }
        try (Wiring wiring = Wiring.of(config, main.clock)) {
            Optional<StoredCertificate> current = wiring.store.current(name).filter(c -> !c.isPlaceholder());
            if (current.isEmpty()) {
                err().println("sidecert: " + name + " has no certificate in " + config.storage().certificates());
                return ExitCodes.FAILED;
            }
            wiring.revoker.revoke(spec.get(), current.get().material().leaf(), revocationReason.get());
            out().println(name + ": revoked serial " + current.get().facts().serial().toString(16));
            if (noReplace) {
                return ExitCodes.OK;
            }
            CheckOutcome outcome = wiring.renewals.check(spec.get(), Trigger.REPLACE_REVOKED);
            out().println(name + ": replacement " + outcome.result().name().toLowerCase(Locale.ROOT) + " - "
                    + outcome.detail());
            return outcome.failed() ? ExitCodes.FAILED : ExitCodes.OK;
        } catch (AcmeFailure e) {
            err().println("sidecert: " + e.getMessage());
            return ExitCodes.FAILED;
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
