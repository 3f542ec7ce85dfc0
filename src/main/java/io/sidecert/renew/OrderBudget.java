package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.OrderBudgetLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Paces the new orders of one ACME account so that thousands of first issuances do not exhaust the CA's limit
 * (Let's Encrypt: 300 new orders per account in any 3 hours) and leave renewals failing behind them.
 *
 * <p>At most {@code orders} requests are granted in any window of length {@code per}. When slots are short, waiting
 * certificates are served by {@link OrderPriority}, and each is told when to ask again according to its place in
 * the queue, so a batch is spread over the windows it needs instead of retrying all at once. Renewals whose order
 * carries ARI's {@code replaces} do not count against the CA's limit and should not ask.
 *
 * <p>One instance per account, shared by the renewal threads; the state is in memory only, so a restart forgets
 * the window (the CA still enforces its own). Time comes from the injected clock only.
 */
public final class OrderBudget {
    private final Optional<OrderBudgetLimit> limit;
    private final Clock clock;
    /** Oldest first. */
    private final List<Instant> grants = new ArrayList<>();
    private final Map<String, Waiter> waiting = new HashMap<>();
    private long arrivals;

    public OrderBudget(OrderBudgetLimit limit, Clock clock) {
        this(Optional.of(requireNonNull(limit, "limit")), clock);
    }

    private OrderBudget(Optional<OrderBudgetLimit> limit, Clock clock) {
        this.limit = limit;
        this.clock = requireNonNull(clock, "clock");
    }

    /** For a CA without a known limit: grants everything, so callers need no second path. */
    public static OrderBudget unlimited() {
        return new OrderBudget(Optional.empty(), Clock.systemUTC());
    }

    /** The budget {@code acme.order-budget} asks for; empty is {@link #unlimited()}. */
    public static OrderBudget of(Optional<OrderBudgetLimit> limit, Clock clock) {
        return limit.map(l -> new OrderBudget(l, clock)).orElseGet(OrderBudget::unlimited);
    }

    /** Asks for one new-order slot for {@code certificate}, now; a refused certificate keeps its place in the queue. */
    public synchronized OrderGrant request(String certificate, OrderPriority priority) {
        requireNonNull(certificate, "certificate");
        requireNonNull(priority, "priority");
        if (limit.isEmpty()) {
            return OrderGrant.granted();
        }
        Instant now = clock.instant();
        forgetExpired(now);
        Place place = placeOf(certificate, priority);
        Instant freeAt = OrderSlots.freeAt(limit.get(), grants, ahead(certificate, place), now);
        if (freeAt.isAfter(now)) {
            waiting.put(certificate, new Waiter(certificate, place, freeAt));
            return OrderGrant.waitUntil(freeAt);
        }
        grant(certificate, now);
        return OrderGrant.granted();
    }

    /** The certificate no longer waits (it was ordered another way, is not due any more, or was removed). */
    public synchronized void withdraw(String certificate) {
        waiting.remove(certificate);
    }

    /**
     * Counts an order placed without asking: one expected to be exempt (an ARI replacement) that the CA took as a
     * new order after all.
     */
    public synchronized void charge(String certificate) {
        requireNonNull(certificate, "certificate");
        if (limit.isPresent()) {
            grant(certificate, clock.instant());
        }
    }

    /** Certificates waiting for a slot, first served first, each with the time it is planned at. */
    public synchronized List<WaitingOrder> waiting() {
        if (limit.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        forgetExpired(now);
        List<Waiter> queue = waiting.values().stream().sorted(Comparator.comparing(Waiter::place)).toList();
        return IntStream.range(0, queue.size())
                .mapToObj(rank -> queue.get(rank).planned(OrderSlots.freeAt(limit.get(), grants, rank, now)))
                .toList();
    }

    /** A certificate asking again keeps its arrival, so equal priorities stay first come, first served. */
    private Place placeOf(String certificate, OrderPriority priority) {
        Waiter known = waiting.get(certificate);
        return new Place(priority, known != null ? known.place().arrival() : arrivals++);
    }

    private int ahead(String certificate, Place place) {
        return (int) waiting.values().stream()
                .filter(other -> !other.certificate().equals(certificate) && other.place().compareTo(place) < 0)
                .count();
    }

    private void grant(String certificate, Instant now) {
        waiting.remove(certificate);
        grants.add(now);
        // A clock stepped back would break oldest-first; sorting an almost sorted list costs next to nothing.
        grants.sort(Comparator.naturalOrder());
    }

    /**
     * Drops grants that left the window, and waiters that did not ask again within two windows of the time they
     * were told: a certificate removed from the config must not hold its place forever. Counting from that time,
     * not from the last request, keeps a certificate told to wait several windows from losing its place meanwhile.
     */
    private void forgetExpired(Instant now) {
        Duration per = limit.orElseThrow().per();
        grants.removeIf(granted -> !granted.plus(per).isAfter(now));
        waiting.values().removeIf(waiter -> !waiter.askAgainAt().plus(per.multipliedBy(2)).isAfter(now));
    }

    /** @param arrival the order of first asking, among all certificates that ever waited here */
    private record Place(OrderPriority priority, long arrival) implements Comparable<Place> {
        @Override
        public int compareTo(Place other) {
            int byPriority = priority.compareTo(other.priority);
            return byPriority != 0 ? byPriority : Long.compare(arrival, other.arrival);
        }
    }

    private record Waiter(String certificate, Place place, Instant askAgainAt) {
        WaitingOrder planned(Instant plannedAt) {
            return new WaitingOrder(certificate, place.priority(), plannedAt);
        }
    }
}
