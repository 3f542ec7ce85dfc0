package io.sidecert.observe.alert;

import io.sidecert.renew.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How alerts write times and states for people. */
final class Texts {
    private Texts() {
    }

    /** "2026-12-01T10:00Z". */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC).toString();
    }

    /** "5 days left", "20 hours left", "expired". */
    static String daysLeft(Instant now, Instant notAfter) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative()) {
            return "expired";
        }
        return left.toDays() >= 2 ? left.toDays() + " days left" : left.toHours() + " hours left";
    }

    static String key(Condition condition) {
        String[] words = condition.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder key = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return key.toString();
    }

    static String describe(AlertState.Active active) {
        String target = active.target().isEmpty() ? "" : " (" + active.target() + ")";
        return switch (active.condition()) {
            case RENEWAL_FAILED -> "renewal failing: " + active.detail();
            case EXPIRING -> "close to expiry: " + active.detail();
            case RELOAD_FAILED -> "reload failing" + target + ": " + active.detail();
            case STALE_CERTIFICATE -> "old certificate served" + target + ": " + active.detail();
        };
    }

    /** One certificate in the daily digest. */
    static String digestLine(CertificateStatus s, Instant now) {
        String validity = s.notAfter().map(t -> "valid until " + time(t) + " (" + daysLeft(now, t) + ")")
                .orElse("no certificate yet");
        String next = s.nextRenewal().map(t -> ", next renewal " + time(t)).orElse("");
        String last = s.lastResult().map(r -> ", last result " + r).orElse("")
                + (s.failing() ? s.lastError().map(e -> ": " + e).orElse("") : "");
        return validity + next + last;
    }
}
