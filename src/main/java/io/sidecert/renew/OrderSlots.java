package io.sidecert.renew;

import io.sidecert.config.OrderBudgetLimit;
import java.time.Instant;
import java.util.List;

/**
 * When a new-order slot of a sliding window is free for a certificate that has others ahead of it. Pure, so the
 * pacing rule is pinned down by a table test; {@link OrderBudget} keeps the state around it.
 */
final class OrderSlots {

    private OrderSlots() {
    }

    /**
     * @param grants the instants of the grants still inside the window, oldest first
     * @param ahead  how many waiting certificates come before this one; they take the slots that free first
     * @return {@code now} when a slot is free for it, else the instant when enough slots will have freed
     */
    static Instant freeAt(OrderBudgetLimit limit, List<Instant> grants, int ahead, Instant now) {
        int free = limit.orders() - grants.size();
        if (free > ahead) {
            return now;
        }
        // Those ahead take the free slots now, then the grants' slots as they leave the window, oldest first. Every
        // slot they take leaves again one window later, so the slots come round in the same order, a window apart.
        int later = ahead - free;
        int slot = later % limit.orders();
        Instant takenAt = slot < grants.size() ? grants.get(slot) : now;
        return takenAt.plus(limit.per().multipliedBy(1L + later / limit.orders()));
    }
}
