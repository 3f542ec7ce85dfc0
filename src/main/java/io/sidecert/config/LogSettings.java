package io.sidecert.config;

import static java.util.Objects.requireNonNull;

/**
 * The log output.
 *
 * @param format text for people (the default) or JSON lines for a collector
 * @param level  the lowest level written: trace, debug, info, warn or error
 */
public record LogSettings(LogFormat format, String level) {
    public LogSettings {
        requireNonNull(format, "format");
        requireNonNull(level, "level");
    }
}
