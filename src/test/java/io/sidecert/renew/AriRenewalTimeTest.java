package io.sidecert.renew;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.sidecert.store.RenewalWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AriRenewalTimeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final int DRAWS = 10_000;

    static Stream<Arguments> windows() {
        return Stream.of(
                argumentSet("window ahead: anywhere inside it",
                        window(ofDays(1), ofDays(3)), at(ofDays(1)), at(ofDays(3))),
                argumentSet("window partially past: between now and its end",
                        window(ofDays(-1), ofDays(1)), NOW, at(ofDays(1))),
                argumentSet("window already past: now",
                        window(ofDays(-3), ofDays(-1)), NOW, NOW),
                argumentSet("window ends now: now",
                        window(ofDays(-1), Duration.ZERO), NOW, NOW),
                argumentSet("window of a single instant: that instant",
                        window(ofHours(5), ofHours(5)), at(ofHours(5)), at(ofHours(5))));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("windows")
    void picksOnlyInstantsInThePartOfTheWindowNotYetPast(RenewalWindow window, Instant earliest, Instant latest) {
        RandomGenerator random = new SplittableRandom(42);

        for (int i = 0; i < DRAWS; i++) {
            Instant picked = AriRenewalTime.pick(window, NOW, random);
            assertTrue(!picked.isBefore(earliest) && !picked.isAfter(latest), picked::toString);
        }
    }

    @Test
    void spreadsPicksUniformlyOverTheWindow() {
        RenewalWindow window = window(ofDays(10), ofDays(20));
        RandomGenerator random = new SplittableRandom(7);
        int[] perDay = new int[10];

        for (int i = 0; i < DRAWS; i++) {
            Instant picked = AriRenewalTime.pick(window, NOW, random);
            perDay[(int) Math.min(9, Duration.between(window.start(), picked).toDays())]++;
        }

        for (int count : perDay) {
            assertTrue(count > 850 && count < 1150, () -> java.util.Arrays.toString(perDay));
        }
    }

    static Stream<Arguments> earlierPicks() {
        RenewalWindow window = window(ofDays(1), ofDays(3));
        return Stream.of(
                argumentSet("inside the window: kept", at(ofDays(2)), window, true),
                argumentSet("at the window's start: kept", at(ofDays(1)), window, true),
                argumentSet("at the window's end: kept", at(ofDays(3)), window, true),
                argumentSet("before a window the CA moved later: picked again", NOW, window, false),
                argumentSet("after a window the CA moved earlier: picked again", at(ofDays(4)), window, false));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("earlierPicks")
    void keepsAnEarlierPickWhileItLiesInTheWindow(Instant chosen, RenewalWindow window, boolean expected) {
        assertEquals(expected, AriRenewalTime.stillValid(chosen, window));
    }

    private static RenewalWindow window(Duration startFromNow, Duration endFromNow) {
        return new RenewalWindow(at(startFromNow), at(endFromNow));
    }

    private static Instant at(Duration fromNow) {
        return NOW.plus(fromNow);
    }
}
