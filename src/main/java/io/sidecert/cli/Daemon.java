package io.sidecert.cli;

import io.sidecert.config.SidecertConfig;
import io.sidecert.schedule.CheckSchedule;
import io.sidecert.schedule.CheckScheduler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: the wired engine plus its schedule; closing it stops both cleanly. */
final class Daemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

    /**
     * How long the first check waits after placeholders were written: a proxy that waited for those files starts
     * now, and the CA's first HTTP-01 request must find it listening. Too short costs one retry a minute later.
     */
    private static final Duration PROXY_START_GRACE = Duration.ofSeconds(5);

    private final Wiring wiring;
    private final CheckScheduler scheduler;

    private Daemon(Wiring wiring, CheckScheduler scheduler) {
        this.wiring = wiring;
        this.scheduler = scheduler;
    }

    /**
     * Starts checking with the given engine: once now, then on schedule. Listeners subscribed before see it all.
     * Certificates never issued get a self-signed placeholder first, so the proxy can start before the first check,
     * which then waits a moment for it.
     */
    static Daemon start(SidecertConfig config, Wiring wiring) throws IOException, SchedulerException {
        try {
            String cron = CheckSchedule.cron(config.schedule().cron(), config.storage().state(), new SecureRandom());
            LOG.info("sidecert starting: {} certificate(s), CA {}, certificates in {}", config.certificates().size(),
                    config.acme().directory(), config.storage().certificates());
            boolean placeholders = !wiring.placeholders.writeMissing(config.certificates()).isEmpty();
            CheckScheduler scheduler = CheckScheduler.start(cron, () -> wiring.renewals.checkAll(config.certificates()),
                    placeholders ? PROXY_START_GRACE : Duration.ZERO);
            return new Daemon(wiring, scheduler);
        } catch (IOException | SchedulerException | RuntimeException e) {
            wiring.close();
            throw e;
        }
    }

    /** Interrupts a running check (an order in flight is abandoned; the store is never half-written) and stops. */
    @Override
    public void close() {
        LOG.info("stopping");
        try {
            scheduler.close();
        } catch (SchedulerException e) {
            LOG.warn("the scheduler did not stop cleanly: {}", e.getMessage());
        } finally {
            wiring.close();
            LOG.info("stopped");
        }
    }
}
