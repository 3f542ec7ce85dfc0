package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How many new orders one ACME account may place in any window of {@code per}, so that a large first
 * issuance is paced instead of running into the CA's own limit and failing for hours.
 *
 * @param orders at least 1
 * @param per    the length of the sliding window; positive
 */
public record OrderBudgetLimit(int orders, Duration per) {

    /** Let's Encrypt's limit on new orders per account (2026); renewals carrying ARI's {@code replaces} are exempt. */
    public static final OrderBudgetLimit LETS_ENCRYPT = new OrderBudgetLimit(300, Duration.ofHours(3));

    public OrderBudgetLimit {
        requireNonNull(per, "per");
        if (orders < 1) {
            throw new IllegalArgumentException("orders must be at least 1, got " + orders);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("per must be positive, got " + per);
        }
    }

    /**
     * The same limit over a window a sixtieth longer, and at least {@link #MIN_MARGIN} longer (three minutes in three
     * hours, five seconds a minute): a slot is granted before the order reaches the CA, which counts the orders'
     * arrival. The first order of a window may arrive seconds after its grant (the account is registered first, the
     * CA is slow), while an order a window later arrives at once; without the margin both would fall in one of the
     * CA's windows. Seen with 10/30s: 12 orders reached the CA within 30 s on a loaded machine.
     */
    public OrderBudgetLimit withSafetyMargin() {
        Duration margin = per.dividedBy(60);
        return new OrderBudgetLimit(orders, per.plus(margin.compareTo(MIN_MARGIN) < 0 ? MIN_MARGIN : margin));
    }

    private static final Duration MIN_MARGIN = Duration.ofSeconds(5);
}
