package io.sidecert.challenge;

/** A challenge could not be presented; the message names the certificate, the name and what to fix. */
public final class ChallengeException extends Exception {
    public ChallengeException(String message, Throwable cause) {
        super(message, cause);
    }

    public ChallengeException(String message) {
        super(message);
    }
}
