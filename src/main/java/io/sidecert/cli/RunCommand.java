package io.sidecert.cli;

import io.sidecert.config.SidecertConfig;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** The daemon: a check at start-up, then on schedule, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: check now, then every hour (or on schedule.cron), until stopped.")
final class RunCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) throws Exception {
        Daemon daemon = Daemon.start(config, Wiring.of(config, main.clock));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
