package io.sidecert.cli;

import io.sidecert.config.SidecertConfig;
import io.sidecert.schedule.CheckSchedule;
import io.sidecert.schedule.CheckScheduler;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/** The daemon: a check at start-up, then on schedule, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: check now, then every hour (or on schedule.cron), until stopped.")
final class RunCommand extends ConfiguredCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Override
    int call(SidecertConfig config) throws Exception {
        Wiring wiring = Wiring.of(config, main.clock);
        String cron = CheckSchedule.cron(config.schedule().cron(), config.storage().state(), new SecureRandom());
        LOG.info("sidecert starting: {} certificate(s), CA {}, certificates in {}", config.certificates().size(),
                config.acme().directory(), config.storage().certificates());
        CheckScheduler scheduler = CheckScheduler.start(cron, () -> wiring.renewals.checkAll(config.certificates()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(scheduler, wiring, stopped), "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }

    /** SIGTERM: interrupt a running check (orders in flight are abandoned; the store is never half-written). */
    private static void stop(CheckScheduler scheduler, Wiring wiring, CountDownLatch stopped) {
        LOG.info("stopping");
        try {
            scheduler.close();
        } catch (Exception e) {
            LOG.warn("scheduler did not stop cleanly: {}", e.getMessage());
        } finally {
            wiring.close();
            stopped.countDown();
            LOG.info("stopped");
        }
    }
}
