package io.sidecert.observe.health;

import static java.util.Objects.requireNonNull;

import io.sidecert.renew.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The certificates' part of health; each finding is {@code degraded}, because a restart fixes none of them:
 * <ul>
 *   <li>a failure streak: the last {@value #FAILURE_STREAK} or more attempts failed (one failure is retried
 *       within minutes and is only worth an alert);</li>
 *   <li>expired, or within {@code expiringWithin} of expiry (the alerts' threshold, 7 days by default);</li>
 *   <li>overdue: its renewal point passed more than a day ago and it is still the same certificate.</li>
 * </ul>
 */
public final class CertificateHealth implements HealthContributor {
    public static final int FAILURE_STREAK = 3;
    static final Duration OVERDUE_AFTER = Duration.ofDays(1);

    private final Supplier<List<CertificateStatus>> statuses;
    private final Duration expiringWithin;

    public CertificateHealth(Supplier<List<CertificateStatus>> statuses, Duration expiringWithin) {
        this.statuses = requireNonNull(statuses, "statuses");
        this.expiringWithin = requireNonNull(expiringWithin, "expiringWithin");
    }

    @Override
    public List<HealthFinding> findings(Instant now) {
        List<HealthFinding> findings = new ArrayList<>();
        for (CertificateStatus status : statuses.get()) {
            streak(status).ifPresent(findings::add);
            expiry(status, now).ifPresent(findings::add);
        }
        return findings;
    }

    private static Optional<HealthFinding> streak(CertificateStatus s) {
        if (!s.failing() || s.consecutiveFailures() < FAILURE_STREAK) {
            return Optional.empty();
        }
        return Optional.of(HealthFinding.degraded("[" + s.name() + "] renewal failed " + s.consecutiveFailures()
                + " times in a row: " + firstLine(s.lastError().orElse("no error recorded"))));
    }

    private Optional<HealthFinding> expiry(CertificateStatus s, Instant now) {
        if (s.notAfter().isEmpty()) {
            return Optional.empty();
        }
        Instant notAfter = s.notAfter().get();
        if (!now.isBefore(notAfter)) {
            return Optional.of(HealthFinding.degraded("[" + s.name() + "] expired at " + notAfter));
        }
        if (Duration.between(now, notAfter).compareTo(expiringWithin) <= 0) {
            return Optional.of(HealthFinding.degraded("[" + s.name() + "] expires at " + notAfter + " ("
                    + Duration.between(now, notAfter).toHours() + " hours left) and is not renewed yet"));
        }
        return s.renewalPoint().filter(point -> now.isAfter(point.plus(OVERDUE_AFTER)))
                .map(point -> HealthFinding.degraded("[" + s.name() + "] renewal overdue: due since " + point));
    }

    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
