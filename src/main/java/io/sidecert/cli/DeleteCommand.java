package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CheckOutcome;
import io.sidecert.store.StoreException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shredzone.acme4j.RevocationReason;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Deletes a certificate that is no longer configured: its files under {@code live/} and {@code archive/}, an adopted
 * lineage's certbot renewal configuration, and its state. A configured certificate is refused: the daemon would
 * order it again at once.
 */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Delete a certificate no longer in domains.conf: its files and state; --revoke revokes it first.")
final class DeleteCommand extends ConfiguredCommand {
    @Parameters(paramLabel = "NAME", description = "The stored certificate's name (live/NAME).")
    String name;

    @Option(names = "--revoke", description = "Revoke the certificate at the CA first; nothing is deleted if that fails.")
    boolean revoke;

    @Option(names = "--reason", paramLabel = "R", defaultValue = "cessation-of-operation",
            description = "With --revoke: unspecified, key-compromise, superseded, affiliation-changed, "
                    + "cessation-of-operation (the default).")
    String reason;

    @Override
    int call(SidecertConfig config) throws Exception {
        if (config.certificate(name).isPresent()) {
            err().println("sidecert: '" + name + "' is configured in domains.conf; nothing was deleted. Remove its entry"
                    + " first (sidecert then keeps its files and logs that it is no longer configured), then run"
                    + " `sidecert delete " + name + "` again");
            return ExitCodes.FAILED;
        }
        Optional<RevocationReason> revocationReason = RevokeCommand.reason(reason);
        if (revocationReason.isEmpty()) {
            err().println("sidecert: --reason " + reason + " is not a reason; use unspecified, key-compromise,"
                    + " superseded, affiliation-changed or cessation-of-operation");
            return ExitCodes.FAILED;
        }
        try (Wiring wiring = Wiring.withoutChallenges(config, main.clock)) {
            Optional<CertificateSpec> stored = Certificates.stored(config, wiring.store, name, err());
            if (stored.isEmpty()) {
                return ExitCodes.FAILED;
            }
            if (revoke && !revoked(wiring, stored.get(), revocationReason.get())) {
                return ExitCodes.FAILED;
            }
            return delete(wiring);
        }
    }

    private boolean revoked(Wiring wiring, CertificateSpec stored, RevocationReason reason) throws Exception {
        if (wiring.store.live(name).filter(v -> v.placeholder()).isPresent()) {
            out().println(name + ": a placeholder, never issued: nothing to revoke");
            return true;
        }
        CheckOutcome outcome = wiring.renewals.revoke(stored, reason, false);
        if (outcome.notDone()) {
            err().println(name + ": not revoked, so nothing was deleted: " + outcome.detail());
            return false;
        }
        out().println(name + ": " + outcome.result().name().toLowerCase(Locale.ROOT) + " - " + outcome.detail());
        return true;
    }

    private int delete(Wiring wiring) {
        try {
            List<String> removed = wiring.moves.delete(name);
            out().println(name + ": deleted " + String.join(", ", removed) + " and its state");
            return ExitCodes.OK;
        } catch (StoreException e) {
            err().println("sidecert: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
