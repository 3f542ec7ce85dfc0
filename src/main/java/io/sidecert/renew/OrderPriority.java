package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which certificate gets a new-order slot first when the {@link OrderBudget} is short: a renewal before a first
 * issuance, because a site with a certificate breaks when it expires while a site without one loses nothing new
 * by waiting; among renewals, the nearest expiry first. Equal priorities are served in the order they first asked.
 *
 * @param expires when the current certificate expires; empty for a first issuance
 */
public record OrderPriority(Optional<Instant> expires) implements Comparable<OrderPriority> {

    private static final Comparator<OrderPriority> MOST_URGENT_FIRST =
            Comparator.comparing((OrderPriority p) -> p.expires().orElse(Instant.MAX));

    public OrderPriority {
        requireNonNull(expires, "expires");
    }

    public static OrderPriority renewal(Instant expires) {
        return new OrderPriority(Optional.of(expires));
    }

    public static OrderPriority firstIssuance() {
        return new OrderPriority(Optional.empty());
    }

    /** Negative when this one is served before {@code other}. */
    @Override
    public int compareTo(OrderPriority other) {
        return MOST_URGENT_FIRST.compare(this, other);
    }
}
