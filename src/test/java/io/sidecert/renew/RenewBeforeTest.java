package io.sidecert.renew;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenewBeforeTest {

    static Stream<Arguments> derived() {
        return Stream.of(
                argumentSet("1-year cert: 30 days", ofDays(365), ofDays(30)),
                argumentSet("90-day cert: 30 days", ofDays(90), ofDays(30)),
                argumentSet("90-day cert less a second, as CAs write notAfter: just under 30 days",
                        ofDays(90).minusSeconds(1), ofDays(30).minusNanos(333_333_334)),
                argumentSet("45-day cert: 15 days", ofDays(45), ofDays(15)),
                argumentSet("10-day cert: a third", ofDays(10), ofDays(3).plusHours(8)),
                argumentSet("9-day cert: half", ofDays(9), ofDays(4).plusHours(12)),
                argumentSet("160-hour cert (Let's Encrypt short-lived): half", ofHours(160), ofHours(80)),
                argumentSet("6-day cert: 3 days", ofDays(6), ofDays(3)));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("derived")
    void derivesRenewBeforeFromTheLifetimeWhenUnset(Duration lifetime, Duration expected) {
        RenewBefore renewBefore = RenewBefore.of(Optional.empty(), lifetime);

        assertEquals(expected, renewBefore.duration());
        assertEquals(Optional.empty(), renewBefore.warning());
    }

    static Stream<Arguments> configured() {
        return Stream.of(
                argumentSet("20d on a 90-day cert: kept", ofDays(20), ofDays(90), ofDays(20), Optional.empty()),
                argumentSet("45d on a 90-day cert: kept, exactly half", ofDays(45), ofDays(90), ofDays(45),
                        Optional.empty()),
                argumentSet("60d on a 90-day cert: capped to 45d", ofDays(60), ofDays(90), ofDays(45),
                        Optional.of("renew-before 60d is more than half of the 90-day lifetime; using 45d"
                                + " so the certificate does not renew in a loop")),
                argumentSet("4d on a 160-hour cert: capped to 3d8h", ofDays(4), ofHours(160), ofHours(80),
                        Optional.of("renew-before 4d is more than half of the 6d16h lifetime; using 3d8h"
                                + " so the certificate does not renew in a loop")));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("configured")
    void capsAConfiguredRenewBeforeAtHalfTheLifetimeWithAWarning(
            Duration configured, Duration lifetime, Duration expected, Optional<String> warning) {
        RenewBefore renewBefore = RenewBefore.of(Optional.of(configured), lifetime);

        assertEquals(expected, renewBefore.duration());
        assertEquals(warning, renewBefore.warning());
    }
}
