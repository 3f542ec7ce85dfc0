package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's proxies: each certificate is renewed by its own job, and several stored close together (a batch of
 * first issuances, certificates due at the same ARI time) must give one reload per proxy, not one each. Changes are
 * remembered at once (on disk too, so a stop before the reload still reloads after the restart) and the reload
 * runs on a thread of its own once no change has come for {@code window}, or at the latest after
 * {@code 10 × window}.
 */
public final class CoalescingReloads implements Proxies, AutoCloseable {
    private final ProxyReloader reloader;
    private final long windowNanos;
    private final ScheduledExecutorService executor;
    private long firstWaiting;
    private long lastChange;
    private boolean scheduled;

    public CoalescingReloads(ProxyReloader reloader, Duration window) {
        this.reloader = requireNonNull(reloader, "reloader");
        this.windowNanos = window.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "proxy-reload");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void reload(List<CertificateChange> changes) {
        reloader.remember(changes);
        synchronized (this) {
            long now = System.nanoTime();
            lastChange = now;
            if (!scheduled) {
                scheduled = true;
                firstWaiting = now;
                executor.schedule(this::flushWhenQuiet, windowNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void flushWhenQuiet() {
        synchronized (this) {
            long now = System.nanoTime();
            long quietFor = now - lastChange;
            boolean waitedLongEnough = now - firstWaiting >= 10 * windowNanos;
            if (quietFor < windowNanos && !waitedLongEnough) {
                executor.schedule(this::flushWhenQuiet, windowNanos - quietFor, TimeUnit.NANOSECONDS);
                return;
            }
            scheduled = false;
        }
        reloader.reloadPending();
    }

    /** Stops without reloading what waits: it is on disk, and the next start reloads it. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
