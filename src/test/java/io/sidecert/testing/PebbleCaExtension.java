package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * One {@link PebbleCa} per test class, started before the first test and closed after the last. A failing
 * test gets Pebble's, nginx's and the DNS server's logs attached as a suppressed exception, which Surefire
 * prints with the failure.
 *
 * <pre>{@code
 * @Tag("container")
 * class RenewalIT {
 *     @RegisterExtension
 *     static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());
 *
 *     @Test
 *     void issues() { ... PEBBLE.ca().directoryUrl() ... }
 * }
 * }</pre>
 * The field must be {@code static}: JUnit calls {@code beforeAll} only on class-level extensions.
 */
public final class PebbleCaExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private final PebbleOptions options;
    private PebbleCa ca;

    public PebbleCaExtension(PebbleOptions options) {
        this.options = requireNonNull(options, "options");
    }

    public PebbleCaExtension() {
        this(PebbleOptions.defaults());
    }

    /** The running CA; only between {@code beforeAll} and {@code afterAll}. */
    public PebbleCa ca() {
        if (ca == null) {
            throw new IllegalStateException("Pebble is not running: register the extension on a static field");
        }
        return ca;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ca = PebbleCa.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ca != null) {
            ca.close();
            ca = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (ca != null) {
            failure.addSuppressed(new ContainerLogs(ca.diagnostics()));
        }
        throw failure;
    }

    /** Carries the containers' logs into a test report; it has no stack trace of its own. */
    static final class ContainerLogs extends Exception {
        ContainerLogs(String logs) {
            super("container logs:\n" + logs, null, false, false);
        }
    }
}
