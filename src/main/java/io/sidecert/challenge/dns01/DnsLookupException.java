package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

/** A DNS question about {@link #name()} got no usable answer; the message says which and what to check. */
public final class DnsLookupException extends Exception {
    private final String name;

    public DnsLookupException(String name, String message) {
        super(message);
        this.name = requireNonNull(name, "name");
    }

    public DnsLookupException(String name, String message, Throwable cause) {
        super(message, cause);
        this.name = requireNonNull(name, "name");
    }

    /** The record name the question was about. */
    public String name() {
        return name;
    }
}
