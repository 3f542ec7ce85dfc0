package io.sidecert.cli;

import io.sidecert.config.ConfigException;
import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.renew.CheckOutcome;
import io.sidecert.observe.LogSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that needs the configuration: loads it, and on any problem prints all of them and exits 2. */
abstract class ConfiguredCommand implements Callable<Integer> {
    /** The top command, whose options (environment, clock, --config) every command shares; set before call. */
    Main main;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        if (main == null) {
            main = (Main) spec.root().userObject();   // also under a command group such as `cluster import`
        }
        Optional<SidecertConfig> loaded = load();
        if (loaded.isEmpty()) {
            return invalidConfigExitCode();
        }
        LogSetup.apply(loaded.get().log(), LogSetup.secretsOf(loaded.get()));
        return call(loaded.get());
    }

    abstract int call(SidecertConfig config) throws Exception;

    /** 2 by default; a command whose caller gives 2 another meaning (Docker's HEALTHCHECK) says otherwise. */
    int invalidConfigExitCode() {
        return ExitCodes.CONFIG_INVALID;
    }

    /**
     * The configuration file this command reads: its own {@code --config}, else one given before the command
     * ({@code sidecert --config FILE check}, as {@code --help} shows it), else the default.
     */
    Path configFile() {
        ConfigOption given = config.file != null ? config : main.config;
        return given.path(main.environment);
    }

    private Optional<SidecertConfig> load() {
        try {
            return Optional.of(new ConfigLoader(main.environment).load(configFile()));
        } catch (ConfigException e) {
            err().println("sidecert: " + configFile() + ": " + e.getMessage());
            err().println("Nothing was changed. Fix the configuration and run `sidecert validate` to check it.");
            return Optional.empty();
        }
    }

    /**
     * The exit code of a command that may have stored a new version: 3 when a proxy did not take it, which a
     * script must be able to tell from "renewed and served".
     */
    int exitCode(CheckOutcome outcome, Wiring wiring) {
        if (outcome.notDone()) {
            return ExitCodes.FAILED;
        }
        if (outcome.stored().isPresent() && !wiring.proxiesServe(outcome.certificate())) {
            err().println(outcome.certificate() + ": stored, but a proxy has not loaded it (see the log above);"
                    + " it is reloaded again at the daemon's next pass");
            return ExitCodes.STORED_NOT_SERVED;
        }
        return ExitCodes.OK;
    }

    PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
    }

    PrintWriter err() {
        return spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
    }
}
