package io.sidecert.observe.health;

import java.util.Locale;

/**
 * How sidecert is doing, worst last. {@link #DEGRADED} still serves (HTTP 200): sidecert runs, but something
 * needs a person. {@link #DOWN} (HTTP 503) means it no longer does its job, and a restart may help.
 */
public enum HealthStatus {
    OK,
    DEGRADED,
    DOWN;

    /** "ok", "degraded", "down": how JSON and the page spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    HealthStatus worse(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
