package io.sidecert.cli;

/** The exit codes scripts and health checks can rely on. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int CONFIG_INVALID = 2;
    /** Renewed and stored, but a proxy has not loaded it (or cannot be told): the log says which and why. */
    static final int STORED_NOT_SERVED = 3;

    private ExitCodes() {
    }
}
