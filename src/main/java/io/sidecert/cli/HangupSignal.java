package io.sidecert.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGHUP reloads the configuration, as daemons do. The JVM would otherwise treat SIGHUP as a request to
 * exit; {@code sun.misc.Signal} (module jdk.unsupported) is the only way to take it over in Java 17.
 */
final class HangupSignal {
    private static final Logger LOG = LoggerFactory.getLogger(HangupSignal.class);

    private HangupSignal() {
    }

    static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                LOG.info("SIGHUP: reloading the configuration");
                action.run();
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot be handled on this platform ({}); configuration changes are still picked up"
                    + " from the files", e.getMessage());
        }
    }
}
