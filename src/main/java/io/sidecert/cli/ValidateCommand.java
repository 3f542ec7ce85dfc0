package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import picocli.CommandLine.Command;

/** Checks the configuration and touches nothing: for editors, CI and before a restart. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the configuration and report every problem; changes nothing (exit 2 when invalid).")
final class ValidateCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) {
        out().println("configuration is valid: " + config.certificates().size() + " certificate(s), CA "
                + config.acme().directory());
        for (CertificateSpec spec : config.certificates()) {
            out().println("  " + spec.name() + ": " + String.join(", ", spec.domains()) + " (" + spec.keyType().configName()
                    + ", " + spec.challenge().configName() + ")");
        }
        return ExitCodes.OK;
    }
}
