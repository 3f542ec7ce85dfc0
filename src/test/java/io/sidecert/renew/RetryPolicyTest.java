package io.sidecert.renew;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.sidecert.config.KeyType;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    /** nextDouble() of 0: no jitter. */
    private static final RandomGenerator NO_JITTER = () -> 0L;
    /** nextDouble() just under 1: the most jitter. */
    private static final RandomGenerator MOST_JITTER = () -> -1L;

    static Stream<Arguments> backOff() {
        return Stream.of(
                argumentSet("1st failure: about 1 minute", 1, ofMinutes(1)),
                argumentSet("2nd failure: about 10 minutes", 2, ofMinutes(10)),
                argumentSet("3rd failure: about 100 minutes", 3, ofMinutes(100)),
                argumentSet("4th failure: about a day", 4, ofHours(24)),
                argumentSet("7th failure: still about a day", 7, ofHours(24)));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("backOff")
    void backsOffLongerAfterEachFailureWithUpToTenPercentJitter(int failures, Duration backOff) {
        Instant earliest = new RetryPolicy(NO_JITTER).nextAttempt(failures, NOW, Optional.empty());
        Instant latest = new RetryPolicy(MOST_JITTER).nextAttempt(failures, NOW, Optional.empty());

        assertEquals(NOW.plus(backOff), earliest);
        assertTrue(latest.isAfter(earliest), latest::toString);
        assertTrue(!latest.isAfter(NOW.plus(backOff.multipliedBy(11).dividedBy(10))), latest::toString);
    }

    static Stream<Arguments> retryAfter() {
        return Stream.of(
                argumentSet("Retry-After later than back-off wins", 1, NOW.plus(ofHours(3)), NOW.plus(ofHours(3))),
                argumentSet("Retry-After earlier than back-off is outwaited",
                        4, NOW.plus(ofHours(3)), NOW.plus(ofHours(24))),
                argumentSet("Retry-After already past: back-off", 2, NOW.minus(ofHours(1)), NOW.plus(ofMinutes(10))));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("retryAfter")
    void neverAttemptsBeforeTheCasRetryAfter(int failures, Instant retryAfter, Instant expected) {
        assertEquals(expected, new RetryPolicy(NO_JITTER).nextAttempt(failures, NOW, Optional.of(retryAfter)));
    }

    @Test
    void refusesABackOffWithoutAFailure() {
        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertThrows(IllegalArgumentException.class, () -> policy.nextAttempt(0, NOW, Optional.empty()));
    }

    static Stream<Arguments> mayAttempt() {
        return Stream.of(
                argumentSet("never failed: may attempt", Optional.<Instant>empty(), cert(90, ofDays(60)), true),
                argumentSet("backing off for another hour: may not", next(ofHours(1)), cert(90, ofDays(60)), false),
                argumentSet("back-off over: may attempt", next(ofMinutes(-1)), cert(90, ofDays(60)), true),
                argumentSet("back-off ends now: may attempt", next(Duration.ZERO), cert(90, ofDays(60)), true),
                argumentSet("last 1/20 of life ignores back-off", next(ofHours(24)), cert(90, ofDays(4)), true),
                argumentSet("exactly 1/20 of life left ignores back-off",
                        next(ofHours(24)), cert(90, ofHours(108)), true),
                argumentSet("just before the last 1/20 of life: back-off holds",
                        next(ofHours(24)), cert(90, ofDays(5)), false),
                argumentSet("expired ignores back-off", next(ofHours(24)), cert(90, ofHours(-1)), true),
                argumentSet("no certificate, backing off: may not", next(ofHours(1)), Optional.empty(), false));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("mayAttempt")
    void mayAttemptOnceTheBackOffIsOverOrTheCertificateCannotWait(
            Optional<Instant> nextAttempt, Optional<CertificateFacts> current, boolean expected) {
        CertificateState state = new CertificateState("example", Optional.empty(), Optional.empty(), Optional.empty(),
                nextAttempt.isPresent() ? 3 : 0, Optional.empty(), nextAttempt, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        assertEquals(expected, new RetryPolicy(NO_JITTER).mayAttempt(state, current, false, NOW));
    }

    @Test
    void theCasRetryAfterHoldsEvenACertificateAboutToExpireAndEvenAChangedConfig() {
        CertificateState rateLimited = new CertificateState("example", Optional.empty(), Optional.empty(),
                Optional.empty(), 1, Optional.empty(), Optional.of(NOW.minusSeconds(60)),
                Optional.of(NOW.plus(Duration.ofHours(3))), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        Optional<CertificateFacts> expiresInAnHour = Optional.of(new CertificateFacts(List.of("example.com"),
                Optional.of(KeyType.EC_P256), NOW.minus(Duration.ofDays(90)), NOW.plus(Duration.ofHours(1)),
                BigInteger.ONE));

        assertEquals(false, new RetryPolicy(NO_JITTER).mayAttempt(rateLimited, expiresInAnHour, true, NOW));
        assertEquals(true, new RetryPolicy(NO_JITTER).mayAttempt(rateLimited, expiresInAnHour, true,
                NOW.plus(Duration.ofHours(3))));
    }

    @Test
    void aRefusalWaitsAtLeastADay() {
        Instant next = new RetryPolicy(NO_JITTER).nextAttemptAfterRefusal(1, NOW, Optional.empty());

        assertEquals(NOW.plus(Duration.ofDays(1)), next);
    }

    private static Optional<Instant> next(Duration fromNow) {
        return Optional.of(NOW.plus(fromNow));
    }

    private static Optional<CertificateFacts> cert(int lifetimeDays, Duration left) {
        Instant notAfter = NOW.plus(left);
        return Optional.of(new CertificateFacts(List.of("example.com"), Optional.of(KeyType.EC_P256),
                notAfter.minus(ofDays(lifetimeDays)), notAfter, BigInteger.ONE));
    }

    @Test
    void aRetryAfterOfYearsIsHeldToADay() {
        Instant capped = new RetryPolicy(NO_JITTER).capRetryAfter(NOW.plusSeconds(99_999_999), NOW, Optional.empty());

        assertEquals(NOW.plus(ofHours(24)), capped);
    }

    @Test
    void aRetryAfterNeverReachesIntoTheLastTenthOfLife() {
        // 90 days of life, the last tenth (9 days) starting in 10 hours.
        CertificateFacts tenHoursToTheLastTenth = new CertificateFacts(List.of("shop.example"),
                Optional.of(KeyType.EC_P256), NOW.minus(ofDays(81)).plus(ofHours(10)),
                NOW.plus(ofDays(9)).plus(ofHours(10)), BigInteger.ONE);

        Instant capped = new RetryPolicy(NO_JITTER).capRetryAfter(NOW.plus(ofHours(20)), NOW.minus(ofHours(1)),
                Optional.of(tenHoursToTheLastTenth));

        assertEquals(NOW.plus(ofHours(10)), capped);
    }

    @Test
    void aRetryAfterWithinTheCapsIsKept() {
        assertEquals(NOW.plus(ofHours(3)), new RetryPolicy(NO_JITTER).capRetryAfter(NOW.plus(ofHours(3)), NOW,
                Optional.empty()));
    }

    @Test
    void aStoredWaitBeyondAnyCapIsDroppedAsCorrupt() {
        CertificateState corrupt = CertificateState.initial("shop").withWaits(
                Optional.of(Instant.parse("9999-01-01T00:00:00Z")), Optional.of(NOW.plus(ofHours(100))));
        CertificateState fine = CertificateState.initial("shop").withWaits(Optional.of(NOW.plus(ofHours(25))),
                Optional.of(NOW.plus(ofHours(2))));

        RetryPolicy policy = new RetryPolicy(NO_JITTER);

        assertEquals(CertificateState.initial("shop"), policy.withinCaps(corrupt, NOW));
        assertEquals(fine, policy.withinCaps(fine, NOW), "a day's back-off with its jitter is no corruption");
    }
}
