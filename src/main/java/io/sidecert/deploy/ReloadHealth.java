package io.sidecert.deploy;

/** Where a health endpoint reads how telling proxies stands; cheap, never blocks on Docker. */
@FunctionalInterface
public interface ReloadHealth {
    ReloadStatus current();

    /** For when no reload targets are configured. */
    static ReloadHealth off() {
        return ReloadStatus::off;
    }
}
