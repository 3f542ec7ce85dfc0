package io.sidecert.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Main configuration file (default: $SIDECERT_CONFIG or config/sidecert.conf).")
    Path file;

    Path path(Map<String, String> environment) {
        if (file != null) {
            return file;
        }
        return Path.of(environment.getOrDefault("SIDECERT_CONFIG", "config/sidecert.conf"));
    }
}
