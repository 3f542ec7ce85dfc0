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
     * The same limit over a window a sixtieth longer (one second a minute, three minutes in three hours): a slot
     * is granted a moment before the order reaches the CA, which counts the orders' arrival, so a grant exactly
     * one window after the oldest could land inside the CA's window.
     */
    public OrderBudgetLimit withSafetyMargin() {
        return new OrderBudgetLimit(orders, per.plus(per.dividedBy(60)));
    }
}
