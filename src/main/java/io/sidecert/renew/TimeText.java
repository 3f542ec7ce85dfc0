package io.sidecert.renew;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times and durations as decisions describe them to people, to the minute. */
final class TimeText {

    private TimeText() {
    }

    /** "2026-12-01T10:00Z". */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC).toString();
    }

    /** Like the configuration writes it: "30d", "22d12h", "90m". */
    static String compact(Duration duration) {
        Duration d = toMinute(duration);
        String text = part(d.toDays(), "d") + part(d.toHoursPart(), "h") + part(d.toMinutesPart(), "m");
        return text.isEmpty() ? "0m" : text;
    }

    /** "90-day", or "6d16h" for a lifetime of no whole number of days. */
    static String lifetime(Duration lifetime) {
        Duration d = toMinute(lifetime);
        return d.toHoursPart() == 0 && d.toMinutesPart() == 0 ? d.toDays() + "-day" : compact(d);
    }

    /** "45 days left", "1 day left", "5 hours left". */
    static String left(Duration left) {
        Duration d = toMinute(left);
        if (d.toDays() > 0) {
            return plural(d.toDays(), "day") + " left";
        }
        return d.toHours() > 0 ? plural(d.toHours(), "hour") + " left" : plural(d.toMinutes(), "minute") + " left";
    }

    // Rounded, not truncated: a CA's notAfter is inclusive, so a 90-day certificate lasts 90 days less a second.
    private static Duration toMinute(Duration duration) {
        return duration.plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
    }

    private static String part(long amount, String unit) {
        return amount == 0 ? "" : amount + unit;
    }

    private static String plural(long amount, String unit) {
        return amount + " " + unit + (amount == 1 ? "" : "s");
    }
}
