package io.sidecert.deploy;

/**
 * One container could not be told: it vanished, stopped, is paused, or the Docker API refused the request.
 * The message names the container and what to do.
 */
public final class TargetFailure extends Exception {
    public TargetFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
