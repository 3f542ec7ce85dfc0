package io.sidecert.challenge.dns01;

import java.time.Duration;

/** Waits; injected with the {@link java.time.Clock} so that waiting loops are tested without waiting. */
@FunctionalInterface
interface Sleeper {
    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
