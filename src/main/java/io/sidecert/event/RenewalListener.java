package io.sidecert.event;

/** Reacts to renewal events. Called on the renewing thread: implementations must be quick and must not throw. */
@FunctionalInterface
public interface RenewalListener {
    void on(RenewalEvent event);
}
