package io.sidecert.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code log} section. Logback starts with the text format; the CLI applies this once loaded. */
final class LogSection {
    private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

    private final ValueReader reader;

    LogSection(ValueReader reader) {
        this.reader = reader;
    }

    Optional<LogSettings> read() {
        Optional<LogFormat> format = reader.requiredString("log.format", "format = text")
                .flatMap(value -> reader.check("log.format", format(value)));
        Optional<String> level = reader.requiredString("log.level", "level = info")
                .flatMap(value -> reader.check("log.level", level(value)));
        if (format.isEmpty() || level.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LogSettings(format.get(), level.get()));
    }

    static Checked<LogFormat> format(String configured) {
        return switch (configured.trim().toLowerCase(Locale.ROOT)) {
            case "text" -> Checked.valid(LogFormat.TEXT);
            case "json" -> Checked.valid(LogFormat.JSON);
            default -> Checked.invalid("\"" + configured + "\" is not a log format; expected text or json",
                    "use text for people reading `docker logs`, json for a log collector");
        };
    }

    static Checked<String> level(String configured) {
        String level = configured.trim().toLowerCase(Locale.ROOT);
        return LEVELS.contains(level)
                ? Checked.valid(level)
                : Checked.invalid("\"" + configured + "\" is not a log level; expected one of " + String.join(", ", LEVELS),
                        "info is right for production; debug shows every ACME request");
    }
}
