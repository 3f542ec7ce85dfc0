package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts on a thread of its own, so that a slow mail server never holds up a renewal, one alert at a
 * time in order. Each channel gets a few tries; what still fails is logged and dropped. {@link #close} waits
 * for what is queued, so a one-shot {@code sidecert check} delivers before it exits.
 */
final class AlertDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final List<AlertChannel> channels;
    private final List<Duration> retryDelays;
    private final DeliveryListener deliveries;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "alerts");
        t.setDaemon(true);
        return t;
    });

    /** Told about each delivery, for metrics. */
    @FunctionalInterface
    interface DeliveryListener {
        DeliveryListener NONE = (channel, sent) -> { };

        void delivered(String channel, boolean sent);
    }

    /** @param retryDelays the pauses before the second, third, ... try */
    AlertDispatcher(List<AlertChannel> channels, List<Duration> retryDelays, DeliveryListener deliveries) {
        this.channels = List.copyOf(channels);
        this.retryDelays = List.copyOf(retryDelays);
        this.deliveries = requireNonNull(deliveries, "deliveries");
    }

    void dispatch(Alert alert) {
        try {
            thread.execute(() -> channels.forEach(channel -> deliver(alert, channel)));
        } catch (RejectedExecutionException e) {
            LOG.warn("[{}] alert not sent, sidecert is stopping: {}", alert.certificate(), alert.summary());
        }
    }

    private void deliver(Alert alert, AlertChannel channel) {
        for (int attempt = 0; ; attempt++) {
            try {
                channel.send(alert);
                LOG.info("{}alert sent by {}: {}", prefix(alert), channel.describe(), alert.summary());
                deliveries.delivered(channel.kind(), true);
                return;
            } catch (IOException | RuntimeException e) {
                if (attempt >= retryDelays.size()) {
                    LOG.warn("{}alert could not be sent by {} after {} tries: {} (the renewal is unaffected; "
                            + "check the alerts settings)", prefix(alert), channel.describe(), attempt + 1, e.getMessage());
                    deliveries.delivered(channel.kind(), false);
                    return;
                }
                if (!pause(retryDelays.get(attempt))) {
                    return;
                }
            }
        }
    }

    private static String prefix(Alert alert) {
        return alert.certificate().isEmpty() ? "" : "[" + alert.certificate() + "] ";
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Delivers what is queued (up to a minute), then stops. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(DRAIN.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("alerts: delivery did not finish within {} s; giving up on what is left", DRAIN.toSeconds());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
