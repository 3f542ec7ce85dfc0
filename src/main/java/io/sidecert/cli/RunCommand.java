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
        // Taken over before start-up: the JVM's defaults would end the daemon on SIGHUP, and with 143 on SIGTERM.
        AtomicReference<Daemon> running = new AtomicReference<>();
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onHangup(() -> {
            Daemon started = running.get();
            if (started != null) {
                started.reloadConfig();
            }
        });
        Signals.onTermination(stopRequested::countDown);
        Daemon daemon = Daemon.start(configFile(), new ConfigLoader(main.environment), config,
                Wiring.of(config, main.clock, Wiring.Reloads.COALESCED));
        running.set(daemon);
        // Any other end of the JVM (System.exit elsewhere, a signal the platform would not let us take) still stops it.
        Thread hook = new Thread(daemon::close, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopRequested.await();
        daemon.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        return ExitCodes.OK;
    }
}
