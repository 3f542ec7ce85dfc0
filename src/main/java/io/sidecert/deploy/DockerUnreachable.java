package io.sidecert.deploy;

/**
 * The Docker engine cannot be reached at all: socket missing or denied, nothing listening, TLS refused. The
 * message is one line saying what to fix. Nothing is lost: reloads wait for the next check.
 */
public final class DockerUnreachable extends Exception {
    public DockerUnreachable(String message, Throwable cause) {
        super(message, cause);
    }
}
