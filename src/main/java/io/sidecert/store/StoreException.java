package io.sidecert.store;

/** Reading or writing the certificate store or the state directory failed; the message names file and step. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
