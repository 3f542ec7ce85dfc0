package io.sidecert.cli;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** sidecert's entry point: parses the command line and hands over to one command. */
@Command(name = "sidecert", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Obtains and renews certificates over ACME and keeps them where the proxy reads them.",
        subcommands = {RunCommand.class, CheckCommand.class, ListCommand.class, RenewCommand.class,
                RevokeCommand.class, DeleteCommand.class, ExportCertbotCommand.class, ValidateCommand.class, HealthCommand.class, ClusterCommand.class},
        footer = {"", "Without a command, sidecert runs the daemon (`run`).",
                "Exit codes: 0 all good, 1 something failed, 2 the configuration is invalid."})
public final class Main implements Callable<Integer> {
    final Map<String, String> environment;
    final Clock clock;

    @Mixin
    ConfigOption config = new ConfigOption();

    public Main(Map<String, String> environment, Clock clock) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment"));
        this.clock = requireNonNull(clock, "clock");
    }

    public static void main(String[] args) {
        // The JDK's HTTP server (HTTP-01 responder, admin port) drops a client that has not sent its request
        // within this many seconds; by default it would wait for ever. Read once, when the server first starts.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
        System.exit(commandLine(System.getenv(), Clock.systemUTC()).execute(args));
    }

    /** The configured command line, also what tests run in-process. */
    public static CommandLine commandLine(Map<String, String> environment, Clock clock) {
        CommandLine cli = new CommandLine(new Main(environment, clock));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("sidecert: " + e);
            return ExitCodes.FAILED;
        });
        return cli;
    }

    /** The default command is the daemon, as a container's entrypoint expects. */
    @Override
    public Integer call() throws Exception {
        RunCommand run = new RunCommand();
        run.main = this;
        run.config = config;
        return run.call();
    }
}
