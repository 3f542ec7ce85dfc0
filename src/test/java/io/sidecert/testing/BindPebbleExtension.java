package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.testcontainers.containers.Network;

/**
 * For DNS-01 tests: one Docker network per test class with a {@link BindServer} and a {@link PebbleCa} that
 * resolves every name through its resolver, so Pebble validates TXT records in BIND's zones for real. A failing test gets
 * Pebble's and BIND's logs attached.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BindPebbleExtension DNS = new BindPebbleExtension(PebbleOptions.defaults());
 * ... DNS.bind().server(), DNS.ca().directoryUrl() ...
 * }</pre>
 */
public final class BindPebbleExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {
    private final PebbleOptions options;
    private Network network;
    private BindServer bind;
    private PebbleCa ca;

    public BindPebbleExtension(PebbleOptions options) {
        this.options = requireNonNull(options, "options");
    }

    public BindServer bind() {
        if (bind == null) {
            throw new IllegalStateException("BIND is not running: register the extension on a static field");
        }
        return bind;
    }

    public PebbleCa ca() {
        if (ca == null) {
            throw new IllegalStateException("Pebble is not running: register the extension on a static field");
        }
        return ca;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        network = Network.newNetwork();
        try {
            bind = BindServer.start(network);
            ca = PebbleCa.start(options, network, bind.resolver());
        } catch (RuntimeException e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ca != null) {
            ca.close();
            ca = null;
        }
        if (bind != null) {
            bind.close();
            bind = null;
        }
        if (network != null) {
            try {
                network.close();
            } catch (RuntimeException e) {
                System.err.println("[BindPebbleExtension] cannot remove network: " + e);
            }
            network = null;
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (ca != null && bind != null) {
            failure.addSuppressed(new PebbleCaExtension.ContainerLogs("----- Pebble -----\n" + ca.logs()
                    + "----- BIND -----\n" + bind.logs()));
        }
        throw failure;
    }
}
