package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The CA's suggested renewal window for a certificate (ACME Renewal Information, RFC 9773). */
public record RenewalWindow(Instant start, Instant end) {
    public RenewalWindow {
        requireNonNull(start, "start");
        requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("renewal window ends before it starts: " + start + " .. " + end);
        }
    }
}
