package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The {@link OrderBudget}'s answer to one request for a new-order slot: place the order now, or ask again later,
 * so that the caller, not the budget, decides what waiting means (a retry timer, a status line).
 */
public sealed interface OrderGrant {

    static OrderGrant granted() {
        return new Granted();
    }

    static OrderGrant waitUntil(Instant until) {
        return new Wait(until);
    }

    /** The slot is used from now on, and counted in the window: place the order. */
    record Granted() implements OrderGrant {
    }

    /** No slot for this certificate yet; it keeps its place in the queue if it asks again at {@code until}. */
    record Wait(Instant until) implements OrderGrant {
        public Wait {
            requireNonNull(until, "until");
        }
    }
}
