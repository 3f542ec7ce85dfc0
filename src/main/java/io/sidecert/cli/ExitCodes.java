package io.sidecert.cli;

/** The exit codes scripts and health checks can rely on. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int CONFIG_INVALID = 2;

    private ExitCodes() {
    }
}
