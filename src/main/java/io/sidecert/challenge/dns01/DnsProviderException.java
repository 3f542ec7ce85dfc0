package io.sidecert.challenge.dns01;

/** A DNS provider could not add or remove a record; the message says why and what to fix. */
public final class DnsProviderException extends Exception {
    public DnsProviderException(String message) {
        super(message);
    }

    public DnsProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
