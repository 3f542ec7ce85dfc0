package io.sidecert.config;

import java.text.ParseException;
import java.util.Optional;
import org.quartz.CronExpression;

/** Reads the {@code schedule} section: when sidecert looks at its certificates, and how many it orders at once. */
final class ScheduleSection {
    private static final int MAX_PARALLELISM = 64;

    private final ValueReader reader;

    ScheduleSection(ValueReader reader) {
        this.reader = reader;
    }

    Optional<ScheduleSettings> read() {
        Optional<String> cron = reader.string("schedule.cron", "cron = \"0 17 * * * ?\"")
                .flatMap(expression -> reader.check("schedule.cron", cron(expression)));
        Optional<Integer> parallelism = reader.requiredInteger("schedule.parallelism", 1, MAX_PARALLELISM, "parallelism = 4");
        return parallelism.map(p -> new ScheduleSettings(cron, p));
    }

    static Checked<String> cron(String configured) {
        String expression = configured.trim();
        try {
            CronExpression.validateExpression(expression);
            return Checked.valid(expression);
        } catch (ParseException e) {
            return Checked.invalid("\"" + configured + "\" is not a Quartz cron expression: " + e.getMessage(),
                    "Quartz cron starts with seconds and needs ? in day-of-month or day-of-week, "
                            + "e.g. \"0 17 * * * ?\" for hourly at minute 17; or remove it for the default");
        }
    }
}
