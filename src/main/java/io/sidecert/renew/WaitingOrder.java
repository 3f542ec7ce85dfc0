package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A certificate waiting for the {@link OrderBudget}, for {@code /status} and {@code list}: so that a certificate
 * that has not been ordered yet reads as paced, with a time, rather than as stuck.
 *
 * @param plannedAt when a slot will be free for it, if those ahead of it take theirs as planned
 */
public record WaitingOrder(String certificate, OrderPriority priority, Instant plannedAt) {
    public WaitingOrder {
        requireNonNull(certificate, "certificate");
        requireNonNull(priority, "priority");
        requireNonNull(plannedAt, "plannedAt");
    }
}
