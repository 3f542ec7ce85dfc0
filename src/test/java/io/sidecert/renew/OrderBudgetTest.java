package io.sidecert.renew;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.sidecert.config.OrderBudgetLimit;
import io.sidecert.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrderBudgetTest {
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final OrderBudgetLimit TEN_PER_MINUTE = new OrderBudgetLimit(10, ofMinutes(1));
    private static final OrderBudgetLimit ONE_PER_MINUTE = new OrderBudgetLimit(1, ofMinutes(1));
    private static final OrderPriority FIRST = OrderPriority.firstIssuance();

    private final TestClock clock = new TestClock(T0);

    static Stream<Arguments> slots() {
        return Stream.of(
                argumentSet("empty window, nobody ahead: now", 10, 0, 0, T0),
                argumentSet("full window, nobody ahead: when the oldest grant leaves", 10, 10, 0, at(ofSeconds(30))),
                argumentSet("full window, 9 ahead: when the tenth grant leaves", 10, 10, 9, at(ofSeconds(30))),
                argumentSet("full window, 10 ahead: the oldest slot's second round", 10, 10, 10, at(ofSeconds(90))),
                argumentSet("full window, 29 ahead: the tenth slot's third round", 10, 10, 29, at(ofSeconds(150))),
                argumentSet("3 free, 2 ahead: now", 10, 7, 2, T0),
                argumentSet("3 free, 3 ahead: when the oldest grant leaves", 10, 7, 3, at(ofSeconds(30))),
                argumentSet("3 free, 10 ahead: a slot taken now, a window from now", 10, 7, 10, at(ofMinutes(1))),
                argumentSet("1 per minute, 2 ahead: three grants later", 1, 1, 2, at(ofSeconds(150))));
    }

    /** Grants in the window were made 30 s before now, the rest of the window is empty. */
    @ParameterizedTest
    @MethodSource("slots")
    void plansTheSlotByPlaceInTheQueue(int orders, int granted, int ahead, Instant expected) {
        List<Instant> grants = Collections.nCopies(granted, T0.minus(ofSeconds(30)));

        assertEquals(expected, OrderSlots.freeAt(new OrderBudgetLimit(orders, ofMinutes(1)), grants, ahead, T0));
    }

    @Test
    void fortyFirstIssuancesAtTenPerMinuteAreSpreadOverFourMinutesByRank() {
        OrderBudget budget = new OrderBudget(TEN_PER_MINUTE, clock);

        List<OrderGrant> grants = IntStream.range(0, 40).mapToObj(i -> budget.request(name(i), FIRST)).toList();

        assertEquals(Collections.nCopies(10, OrderGrant.granted()), grants.subList(0, 10));
        assertEquals(Collections.nCopies(10, waitUntil(ofMinutes(1))), grants.subList(10, 20));
        assertEquals(Collections.nCopies(10, waitUntil(ofMinutes(2))), grants.subList(20, 30));
        assertEquals(Collections.nCopies(10, waitUntil(ofMinutes(3))), grants.subList(30, 40));
        assertEquals(grants.subList(10, 40), budget.waiting().stream().map(w -> waitUntil(w.plannedAt())).toList());
    }

    static Stream<Arguments> callers() {
        return Stream.of(
                argumentSet("asking again when told, in a shuffled order", Duration.ZERO, 7L),
                argumentSet("asking every five seconds, in a shuffled order", ofSeconds(5), 11L));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void fortyFirstIssuancesAtTenPerMinuteAreAllGrantedByThreeMinutesAndNeverMoreThanTenInAMinute(
            Duration every, long seed) {
        OrderBudget budget = new OrderBudget(TEN_PER_MINUTE, clock);
        Map<String, Instant> askAt = new HashMap<>();
        IntStream.range(0, 40).forEach(i -> askAt.put(name(i), T0));

        List<Instant> granted = run(budget, askAt, new Random(seed), every);

        assertGrantsPaced(granted, TEN_PER_MINUTE, 40, at(ofMinutes(3)));
    }

    @Test
    void aRenewalAskingAfterThirtyWaitingFirstIssuancesTakesTheSlotThatFreesBeforeThem() {
        OrderBudget budget = new OrderBudget(TEN_PER_MINUTE, clock);
        IntStream.range(0, 40).forEach(i -> budget.request(name(i), FIRST));
        clock.advance(ofSeconds(30));

        assertEquals(waitUntil(ofMinutes(1)), budget.request("renewal", OrderPriority.renewal(T0.plus(Duration.ofDays(5)))));
        clock.set(at(ofMinutes(1)));
        List<OrderGrant> firstIssuances = IntStream.range(10, 40).mapToObj(i -> budget.request(name(i), FIRST)).toList();

        assertEquals(9, firstIssuances.stream().filter(OrderGrant.Granted.class::isInstance).count());
        assertEquals(OrderGrant.granted(), budget.request("renewal", OrderPriority.renewal(T0.plus(Duration.ofDays(5)))));
    }

    @Test
    void amongRenewalsTheNearestExpiryIsServedFirst() {
        OrderBudget budget = new OrderBudget(ONE_PER_MINUTE, clock);
        budget.request("ordered", FIRST);
        budget.request("in-ten-days", renewalIn(Duration.ofDays(10)));
        budget.request("first-issuance", FIRST);
        budget.request("in-two-days", renewalIn(Duration.ofDays(2)));

        assertEquals(List.of(
                new WaitingOrder("in-two-days", renewalIn(Duration.ofDays(2)), at(ofMinutes(1))),
                new WaitingOrder("in-ten-days", renewalIn(Duration.ofDays(10)), at(ofMinutes(2))),
                new WaitingOrder("first-issuance", FIRST, at(ofMinutes(3)))), budget.waiting());
        clock.set(at(ofMinutes(1)));
        assertEquals(waitUntil(ofMinutes(2)), budget.request("in-ten-days", renewalIn(Duration.ofDays(10))));
        assertEquals(OrderGrant.granted(), budget.request("in-two-days", renewalIn(Duration.ofDays(2))));
    }

    @Test
    void withdrawingAWaitingCertificateMovesThoseBehindItUp() {
        OrderBudget budget = oneOrderedThenWaiting("removed", "next");

        budget.withdraw("removed");

        assertEquals(List.of(new WaitingOrder("next", FIRST, at(ofMinutes(1)))), budget.waiting());
        clock.set(at(ofMinutes(1)));
        assertEquals(OrderGrant.granted(), budget.request("next", FIRST));
    }

    @Test
    void aWaitingCertificateThatStopsAskingIsDroppedTwoWindowsAfterItsPlannedTime() {
        OrderBudget budget = oneOrderedThenWaiting("gone", "next");

        clock.set(at(ofMinutes(3)).minusSeconds(1));
        assertEquals(List.of("gone", "next"), budget.waiting().stream().map(WaitingOrder::certificate).toList());
        assertEquals(waitUntil(ofMinutes(4).minusSeconds(1)), budget.request("next", FIRST));
        clock.set(at(ofMinutes(3)));
        assertEquals(OrderGrant.granted(), budget.request("next", FIRST));
        assertEquals(List.of(), budget.waiting());
    }

    @Test
    void aCertificateToldToWaitSeveralWindowsKeepsItsPlaceAheadOfLatecomers() {
        OrderBudget budget = new OrderBudget(ONE_PER_MINUTE, clock);
        IntStream.range(0, 5).forEach(i -> budget.request(name(i), FIRST));
        for (int i = 1; i <= 3; i++) {
            clock.set(at(ofMinutes(i)));
            assertEquals(OrderGrant.granted(), budget.request(name(i), FIRST));
        }
        clock.set(at(ofSeconds(210)));
        assertEquals(waitUntil(ofMinutes(5)), budget.request("latecomer", FIRST));

        clock.set(at(ofMinutes(4)));

        assertEquals(waitUntil(ofMinutes(5)), budget.request("latecomer", FIRST));
        assertEquals(OrderGrant.granted(), budget.request(name(4), FIRST));
    }

    @Test
    void anUnlimitedBudgetGrantsEverythingAndNobodyWaits() {
        for (OrderBudget budget : List.of(OrderBudget.unlimited(), OrderBudget.of(Optional.empty(), clock))) {
            List<OrderGrant> grants = IntStream.range(0, 1000).mapToObj(i -> budget.request(name(i), FIRST)).toList();

            assertEquals(Collections.nCopies(1000, OrderGrant.granted()), grants);
            assertEquals(List.of(), budget.waiting());
        }
    }

    @Test
    void concurrentRequestsNeverGetMoreSlotsThanTheWindowHolds() throws Exception {
        OrderBudget budget = new OrderBudget(TEN_PER_MINUTE, clock);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<OrderGrant>> answers = new ArrayList<>();
            IntStream.range(0, 400).forEach(i -> answers.add(threads.submit(() -> budget.request(name(i), FIRST))));
            long granted = 0;
            for (Future<OrderGrant> answer : answers) {
                granted += answer.get() instanceof OrderGrant.Granted ? 1 : 0;
            }

            assertEquals(10, granted);
            assertEquals(390, budget.waiting().size());
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Moves the clock a second at a time; at each step the certificates due ask, in a shuffled order, and are told
     * when to ask next ({@code every} after now when set, else the time the budget gave). Returns the grant times.
     */
    private List<Instant> run(OrderBudget budget, Map<String, Instant> askAt, Random shuffle, Duration every) {
        List<Instant> granted = new ArrayList<>();
        while (!askAt.isEmpty() && clock.instant().isBefore(at(Duration.ofHours(1)))) {
            List<String> due = new ArrayList<>(askAt.keySet().stream()
                    .filter(name -> !askAt.get(name).isAfter(clock.instant())).sorted().toList());
            Collections.shuffle(due, shuffle);
            for (String name : due) {
                OrderGrant grant = budget.request(name, FIRST);
                if (grant instanceof OrderGrant.Wait wait) {
                    askAt.put(name, every.isZero() ? wait.until() : clock.instant().plus(every));
                } else {
                    askAt.remove(name);
                    granted.add(clock.instant());
                }
            }
            clock.advance(ofSeconds(1));
        }
        return granted;
    }

    private static void assertGrantsPaced(List<Instant> granted, OrderBudgetLimit limit, int all, Instant byThen) {
        assertEquals(all, granted.size());
        for (Instant start : granted) {
            long inWindow = granted.stream().filter(g -> !g.isBefore(start) && g.isBefore(start.plus(limit.per()))).count();
            assertTrue(inWindow <= limit.orders(), inWindow + " grants in the window from " + start);
        }
        assertTrue(!granted.get(granted.size() - 1).isAfter(byThen), "last grant at " + granted.get(granted.size() - 1));
    }

    /** At one order a minute, one certificate is ordered at T0 and the others wait behind it, in this order. */
    private OrderBudget oneOrderedThenWaiting(String... waiting) {
        OrderBudget budget = new OrderBudget(ONE_PER_MINUTE, clock);
        budget.request("ordered", FIRST);
        Stream.of(waiting).forEach(name -> budget.request(name, FIRST));
        return budget;
    }

    private static OrderPriority renewalIn(Duration left) {
        return OrderPriority.renewal(T0.plus(left));
    }

    private static OrderGrant waitUntil(Duration afterT0) {
        return OrderGrant.waitUntil(at(afterT0));
    }

    private static OrderGrant waitUntil(Instant until) {
        return OrderGrant.waitUntil(until);
    }

    private static Instant at(Duration afterT0) {
        return T0.plus(afterT0);
    }

    private static String name(int i) {
        return String.format("site-%02d", i);
    }
}
