package io.sidecert.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The daemon's signals. SIGHUP reloads the configuration, as daemons do; SIGTERM and SIGINT stop it cleanly, after
 * which it exits 0, as supervisors (Docker, systemd) expect of a clean stop. Left to the JVM, SIGHUP would end
 * the process and SIGTERM would end it with 143. {@code sun.misc.Signal} (module jdk.unsupported) is the only
 * way to take them over in Java 17.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code stop} on SIGTERM or SIGINT instead of the JVM's own shutdown. */
    static void onTermination(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    LOG.info("SIG{}: stopping", name);
                    stop.run();
                });
            } catch (IllegalArgumentException e) {
                LOG.warn("SIG{} cannot be handled on this platform ({}); the JVM's own shutdown stops sidecert",
                        name, e.getMessage());
            }
        }
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
