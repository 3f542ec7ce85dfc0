package io.sidecert.observe;

import static java.util.Objects.requireNonNull;

import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.observe.health.HealthContributor;
import io.sidecert.observe.health.HealthFinding;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.CronExpression;

/**
 * Whether the daemon's checks keep coming: when the last one finished, when the next is due, and, as a health
 * contributor, {@code down} when a check that should have finished by now has not (the scheduler is stuck or
 * a check hangs). A check is given an hour past its due time; an hourly schedule thus reports down after two
 * hours without a finished check.
 */
public final class CheckActivity implements RenewalListener, HealthContributor {
    static final Duration GRACE = Duration.ofHours(1);

    private final CronExpression cron;
    private final Clock clock;
    private final Instant startedAt;
    private volatile Instant lastCompleted;
    private volatile Instant lastClean;
    private volatile RenewalEvent.CheckCompleted lastCheck;

    /** @param cron the Quartz cron expression the scheduler runs on (it also checks once at start-up) */
    public CheckActivity(String cron, Clock clock) {
        this.cron = parse(cron);
        this.clock = requireNonNull(clock, "clock");
        this.startedAt = clock.instant();
    }

    @Override
    public void on(RenewalEvent event) {
        if (event instanceof RenewalEvent.CheckCompleted completed) {
            Instant now = clock.instant();
            lastCheck = completed;
            lastCompleted = now;
            if (completed.failed() == 0) {
                lastClean = now;
            }
        }
    }

    @Override
    public List<HealthFinding> findings(Instant now) {
        Instant completed = lastCompleted;
        if (completed == null) {
            return now.isAfter(startedAt.plus(GRACE))
                    ? List.of(HealthFinding.down("no check has finished since sidecert started at " + startedAt
                            + ": the first check hangs (see the log)"))
                    : List.of();
        }
        Instant due = nextAfter(completed);
        if (now.isAfter(due.plus(GRACE))) {
            return List.of(HealthFinding.down("the last check finished at " + completed + "; the one due at " + due
                    + " has not finished: the scheduler seems stuck (a restart should help)"));
        }
        return List.of();
    }

    /** When the last check finished. */
    public Optional<Instant> lastCompleted() {
        return Optional.ofNullable(lastCompleted);
    }

    /** When the last check finished in which no certificate failed. */
    public Optional<Instant> lastClean() {
        return Optional.ofNullable(lastClean);
    }

    /** The summary of the last check. */
    public Optional<RenewalEvent.CheckCompleted> lastCheck() {
        return Optional.ofNullable(lastCheck);
    }

    /** When the schedule runs the next check. */
    public Instant nextCheck() {
        return nextAfter(clock.instant());
    }

    private Instant nextAfter(Instant instant) {
        Date next = cron.getNextValidTimeAfter(Date.from(instant));
        return next == null ? Instant.MAX : next.toInstant();
    }

    private static CronExpression parse(String cron) {
        try {
            return new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz cron expression: " + cron, e);
        }
    }
}
