package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a certificate may be tried again after a failed renewal, so a broken setup does not hammer the CA into
 * its rate limits, yet a certificate close to expiry is never left waiting out a back-off.
 *
 * <p>The back-off follows Let's Encrypt's integration guide: about 1 minute, 10 minutes, 100 minutes, then once
 * a day. Up to 10 % jitter spreads out many sidecars that failed together, say when the CA was down.
 */
public final class RetryPolicy {

    private static final List<Duration> BACK_OFF =
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofMinutes(100), Duration.ofHours(24));
    private static final double MAX_JITTER = 0.10;
    /** In the last twentieth of its life (4.5 days of 90) a certificate is tried at every check. */
    private static final int URGENT_FRACTION = 20;
    /**
     * No wait is longer, whatever the CA's Retry-After says: a CA that asks for years (or a state file that says
     * so) must not leave a certificate to expire unnoticed.
     */
    static final Duration MAX_WAIT = Duration.ofHours(24);
    /** Nor does a CA's Retry-After reach into a certificate's last tenth of life. */
    private static final int LAST_TENTH = 10;

    private final RandomGenerator random;

    public RetryPolicy(RandomGenerator random) {
        this.random = requireNonNull(random, "random");
    }

    /**
     * The earliest next attempt after a failure.
     *
     * @param consecutiveFailures failures in a row, including this one (at least 1)
     * @param retryAfter          the CA's Retry-After, when it sent one; never attempted before it
     */
    public Instant nextAttempt(int consecutiveFailures, Instant failedAt, Optional<Instant> retryAfter) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, was " + consecutiveFailures);
        }
        Instant backedOff = failedAt.plus(withJitter(backOff(consecutiveFailures)));
        return retryAfter.filter(backedOff::isBefore).orElse(backedOff);
    }

    /**
     * The CA's Retry-After, honoured up to {@link #MAX_WAIT} after the failure and never into the live
     * certificate's last tenth of life.
     */
    public Instant capRetryAfter(Instant retryAfter, Instant failedAt, Optional<CertificateFacts> current) {
        Instant cap = failedAt.plus(MAX_WAIT);
        Optional<Instant> lastTenth = current.map(c -> c.notAfter().minus(c.lifetime().dividedBy(LAST_TENTH)))
                .filter(failedAt::isBefore);
        if (lastTenth.isPresent() && lastTenth.get().isBefore(cap)) {
            cap = lastTenth.get();
        }
        return retryAfter.isAfter(cap) ? cap : retryAfter;
    }

    /**
     * The state without waits no failure could have asked for (beyond {@link #MAX_WAIT} plus jitter from now): a
     * corrupt or hand-edited state file must not hold a certificate back for years.
     */
    public CertificateState withinCaps(CertificateState state, Instant now) {
        Instant latest = now.plus(withMaxJitter(MAX_WAIT));
        Optional<Instant> nextAttempt = state.nextAttempt().filter(t -> !t.isAfter(latest));
        Optional<Instant> caRetryAfter = state.caRetryAfter().filter(t -> !t.isAfter(latest));
        return state.withWaits(nextAttempt, caRetryAfter);
    }

    private static Duration withMaxJitter(Duration base) {
        return base.plusMillis((long) (base.toMillis() * MAX_JITTER));
    }

    /**
     * The next attempt after a failure that retrying unchanged cannot fix (a 4xx problem from the CA, a
     * certificate that failed verification): once a day at most, so the error stays visible without noise
     * and without spending the CA's duplicate-certificate limit.
     */
    public Instant nextAttemptAfterRefusal(int consecutiveFailures, Instant failedAt, Optional<Instant> retryAfter) {
        Instant next = nextAttempt(consecutiveFailures, failedAt, retryAfter);
        Instant dayLater = failedAt.plus(Duration.ofDays(1));
        return next.isAfter(dayLater) ? next : dayLater;
    }

    /**
     * Whether a renewal may be attempted now: the back-off has passed, the configuration changed since the
     * failure, or the certificate cannot wait. Nothing, not even a certificate about to expire, is tried before
     * the CA's own Retry-After.
     */
    public boolean mayAttempt(CertificateState state, Optional<CertificateFacts> current, boolean configChanged,
            Instant now) {
        return !now.isBefore(earliestAttempt(state, current, configChanged, now));
    }

    /**
     * When a due certificate may first be attempted: at the end of its back-off, or earlier when it becomes urgent
     * (or at once after a configuration change), but never before the CA's Retry-After.
     */
    public Instant earliestAttempt(CertificateState state, Optional<CertificateFacts> current, boolean configChanged,
            Instant now) {
        Instant backOffEnd = configChanged ? now : state.nextAttempt().orElse(now);
        Instant urgentFrom = current.map(RetryPolicy::urgentFrom).orElse(Instant.MAX);
        Instant earliest = backOffEnd.isBefore(urgentFrom) ? backOffEnd : urgentFrom;
        Optional<Instant> caRetryAfter = state.caRetryAfter().filter(earliest::isBefore);
        return caRetryAfter.orElse(earliest);
    }

    static Duration backOff(int consecutiveFailures) {
        return BACK_OFF.get(Math.min(consecutiveFailures, BACK_OFF.size()) - 1);
    }

    private Duration withJitter(Duration base) {
        return base.plusMillis((long) (base.toMillis() * MAX_JITTER * random.nextDouble()));
    }

    private static Instant urgentFrom(CertificateFacts cert) {
        return cert.notAfter().minus(cert.lifetime().dividedBy(URGENT_FRACTION));
    }
}
