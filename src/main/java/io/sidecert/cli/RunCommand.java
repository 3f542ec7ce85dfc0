package io.sidecert.cli;

import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** The daemon: a check at start-up, then on schedule, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: check now, then every hour (or on schedule.cron), until stopped.")
final class RunCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) throws Exception {
        Daemon daemon = Daemon.start(this.config.path(main.environment), new ConfigLoader(main.environment), config,
                Wiring.of(config, main.clock));
        HangupSignal.onHangup(daemon::reloadConfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
