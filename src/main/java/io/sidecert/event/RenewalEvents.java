package io.sidecert.event;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers each event to every listener; one listener's bug never stops the others or the renewal. */
public final class RenewalEvents implements RenewalListener {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalEvents.class);

    private final List<RenewalListener> listeners = new CopyOnWriteArrayList<>();

    public RenewalEvents subscribe(RenewalListener listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void on(RenewalEvent event) {
        for (RenewalListener listener : listeners) {
            try {
                listener.on(event);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed on {}", listener.getClass().getSimpleName(), event, e);
            }
        }
    }
}
