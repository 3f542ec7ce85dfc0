package io.sidecert.schedule;

/** What a scheduled check does: one pass over the certificates of the configuration in force. */
@FunctionalInterface
public interface CheckRunner {
    void runCheck() throws InterruptedException;
}
