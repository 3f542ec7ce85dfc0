package io.sidecert.renew;

import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.sidecert.config.KeyType;
import io.sidecert.renew.NextAction.Kind;
import io.sidecert.renew.RenewalDecision.Reason;
import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateState;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each certificate's next action, one row per rule. */
class ActionPlannerTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final RandomGenerator NO_JITTER = () -> 0L;
    /** A 90-day certificate issued 10 days ago: renews at day 60. */
    private static final CertificateFacts FRESH = new CertificateFacts(List.of("shop.example"),
            Optional.of(KeyType.EC_P256), NOW.minus(ofDays(10)), NOW.plus(ofDays(80)), BigInteger.ONE);
    /** Two days left of 90: in the last twentieth, it cannot wait. */
    private static final CertificateFacts EXPIRING = new CertificateFacts(List.of("shop.example"),
            Optional.of(KeyType.EC_P256), NOW.minus(ofDays(88)), NOW.plus(ofDays(2)), BigInteger.TWO);
    private static final RenewalDecision NOT_DUE = new RenewalDecision(Reason.NOT_DUE, NOW.plus(ofDays(50)),
            "renews later", Optional.empty());
    private static final RenewalDecision DUE = new RenewalDecision(Reason.EXPIRING, NOW, "due", Optional.empty());
    private static final CertificateState ASKED = CertificateState.initial("shop")
            .withRenewalInfo(Optional.empty(), Optional.of(NOW.plus(ofDays(1))), Optional.empty());

    static Stream<Arguments> rows() {
        return Stream.of(
                argumentSet("not due, CA asked recently: renew at the renewal point",
                        new RenewalDecision(Reason.NOT_DUE, NOW.plus(ofHours(12)), "", Optional.empty()), ASKED,
                        Optional.of(FRESH), false, new NextAction(Kind.RENEW, NOW.plus(ofHours(12)))),
                argumentSet("not due, renewal window never asked for: ask now",
                        NOT_DUE, CertificateState.initial("shop"), Optional.of(FRESH), false,
                        new NextAction(Kind.ASK_RENEWAL_INFO, NOW)),
                argumentSet("not due, CA to be asked again tomorrow: ask tomorrow",
                        new RenewalDecision(Reason.NOT_DUE, NOW.plus(ofDays(5)), "", Optional.empty()),
                        ASKED.withRenewalInfo(Optional.empty(), Optional.of(NOW.plus(ofHours(6))), Optional.empty()),
                        Optional.of(FRESH), false, new NextAction(Kind.ASK_RENEWAL_INFO, NOW.plus(ofHours(6)))),
                argumentSet("no certificate yet, never failed: renew now",
                        DUE, CertificateState.initial("shop"), Optional.empty(), false, new NextAction(Kind.RENEW, NOW)),
                argumentSet("due, in a back-off: retry when it ends",
                        DUE, failed(NOW.plus(ofMinutes(10)), Optional.empty()), Optional.of(FRESH), false,
                        new NextAction(Kind.RETRY, NOW.plus(ofMinutes(10)))),
                argumentSet("due, rate-limited: at the CA's Retry-After",
                        DUE, failed(NOW.plus(ofHours(3)), Optional.of(NOW.plus(ofHours(3)))), Optional.of(FRESH),
                        false, new NextAction(Kind.CA_RETRY_AFTER, NOW.plus(ofHours(3)))),
                argumentSet("due, in a back-off, configuration changed: renew now",
                        DUE, failed(NOW.plus(ofHours(24)), Optional.empty()), Optional.of(FRESH), true,
                        new NextAction(Kind.RENEW, NOW)),
                argumentSet("due, in a day's back-off, two days left: it cannot wait",
                        DUE, failed(NOW.plus(ofHours(24)), Optional.empty()), Optional.of(EXPIRING), false,
                        new NextAction(Kind.RENEW, NOW)),
                argumentSet("due, two days left, rate-limited: not even then before Retry-After",
                        DUE, failed(NOW.plus(ofHours(5)), Optional.of(NOW.plus(ofHours(5)))), Optional.of(EXPIRING),
                        false, new NextAction(Kind.CA_RETRY_AFTER, NOW.plus(ofHours(5)))));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("rows")
    void plansTheEarliestAction(RenewalDecision decision, CertificateState state, Optional<CertificateFacts> facts,
            boolean configChanged, NextAction expected) {
        NextAction planned = new ActionPlanner(new RetryPolicy(NO_JITTER)).plan(decision, decision.due(), state,
                facts, configChanged, NOW);

        assertEquals(expected, planned);
    }

    private static CertificateState failed(Instant nextAttempt, Optional<Instant> caRetryAfter) {
        return RenewalStates.failed(ASKED, NOW.minus(ofMinutes(1)), "failed", nextAttempt, caRetryAfter, "config");
    }
}
