package io.sidecert.cli;

import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CheckOutcome;
import io.sidecert.renew.CheckOutcome.Result;
import java.util.List;
import picocli.CommandLine.Command;

/** One full pass, for cron jobs, CI and monitoring: exit 0 all good, 1 something failed. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check every certificate once, renew what is due, then exit (0 all good, 1 something failed).")
final class CheckCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) throws Exception {
        try (Wiring wiring = Wiring.of(config, main.clock)) {
            List<CheckOutcome> outcomes = wiring.renewals.checkAll(config.certificates());
            for (CheckOutcome o : outcomes) {
                out().printf("%-24s %-9s %s%n", o.certificate(), o.result().name().toLowerCase(java.util.Locale.ROOT),
                        o.detail());
            }
            boolean bad = outcomes.stream().anyMatch(o -> o.failed() || o.result() == Result.DEFERRED);
            return bad ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}
