package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CertificateRenewer.Trigger;
import io.sidecert.renew.CheckOutcome;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Renews one certificate now: when due, or always with --force. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Check one certificate now and renew it if due; --force renews it anyway.")
final class RenewCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "NAME", description = "The certificate's name in domains.conf.")
    String name;

    @Option(names = "--force", description = "Renew even if not due, ignoring any back-off after failures.")
    boolean force;

    @Override
    int call(SidecertConfig config) throws Exception {
        Optional<CertificateSpec> spec = Certificates.find(config, name, err());
        if (spec.isEmpty()) {
            return ExitCodes.FAILED;
        }
        try (Wiring wiring = Wiring.of(config, main.clock)) {
            CheckOutcome outcome = wiring.renewals.check(spec.get(), force ? Trigger.FORCED : Trigger.SCHEDULED);
            out().println(outcome.certificate() + ": " + outcome.result().name().toLowerCase(java.util.Locale.ROOT)
                    + " - " + outcome.detail());
            return exitCode(outcome, wiring);
        }
    }
}
