package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long to wait for a TXT record to reach every authoritative nameserver of its zone, and how long to
 * pause between two rounds of asking them.
 */
public record Propagation(Duration timeout, Duration interval) {
    /** Two minutes, asking every two seconds: enough for secondaries that get NOTIFY, and for most APIs. */
    public static final Propagation DEFAULT = new Propagation(Duration.ofMinutes(2), Duration.ofSeconds(2));

    public Propagation {
        requireNonNull(timeout, "timeout");
        requireNonNull(interval, "interval");
        if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("timeout must not be negative and interval must be positive: "
                    + timeout + ", " + interval);
        }
    }
}
