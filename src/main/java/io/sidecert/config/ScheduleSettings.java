package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * When checks run.
 *
 * @param cron        a Quartz cron expression; empty means hourly at a minute picked once per install
 * @param parallelism how many orders may run at once
 */
public record ScheduleSettings(Optional<String> cron, int parallelism) {
    public ScheduleSettings {
        requireNonNull(cron, "cron");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}
