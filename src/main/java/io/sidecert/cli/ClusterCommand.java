package io.sidecert.cli;

import picocli.CommandLine.Command;

/** The commands for cluster mode; alone, it prints its usage. */
@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = ClusterImportCommand.class,
        description = "Commands for several nodes sharing a PostgreSQL database (cluster mode).")
final class ClusterCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
