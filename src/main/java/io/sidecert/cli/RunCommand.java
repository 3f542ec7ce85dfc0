package io.sidecert.cli;

import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;

/** The daemon: a check at start-up, then on schedule, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the daemon: check now, then every hour (or on schedule.cron), until stopped.")
final class RunCommand extends ConfiguredCommand {

    @Override
    int call(SidecertConfig config) throws Exception {
        // Taken over before start-up: the JVM's default for SIGHUP would end the daemon.
        AtomicReference<Daemon> running = new AtomicReference<>();
        HangupSignal.onHangup(() -> {
            Daemon started = running.get();
            if (started != null) {
                started.reloadConfig();
            }
        });
        Daemon daemon = Daemon.start(configFile(), new ConfigLoader(main.environment), config,
                Wiring.of(config, main.clock, Wiring.Reloads.COALESCED));
        running.set(daemon);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
