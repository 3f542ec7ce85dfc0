package io.sidecert.cli;

import io.sidecert.cluster.ClusterNode;
import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.schedule.CheckSchedule;
import io.sidecert.schedule.ClusteredJobs;
import io.sidecert.schedule.RenewalScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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
    /** Empty until a cluster node has joined; set at start on a single node. */
    private final AtomicReference<RenewalScheduler> scheduler;
    private final ConfigReloader reloader;
    private final Optional<ClusterNode> node;
    private final AtomicBoolean closing = new AtomicBoolean();

    private Daemon(Wiring wiring, AtomicReference<RenewalScheduler> scheduler, ConfigReloader reloader,
            Optional<ClusterNode> node) {
        this.wiring = wiring;
        this.scheduler = scheduler;
        this.reloader = reloader;
        this.node = node;
    }

    /**
     * Starts renewing with the given engine: a pass now, which plans each certificate's own trigger, an hourly
     * pass as a safety net, and a pass whenever the certificate list changes (file watch, or
     * {@link #reloadConfig}). Listeners subscribed before see it all. Certificates never issued get a self-signed
     * placeholder first, so the proxy can start before the first pass, which then waits a moment for it.
     *
     * @param wiring wired with {@link Wiring.Reloads#COALESCED}
     */
    static Daemon start(Path mainFile, ConfigLoader loader, SidecertConfig config, Wiring wiring)
            throws IOException {
        try {
            String cron = CheckSchedule.cron(config.schedule().cron(), config.storage().state(), new SecureRandom());
            LOG.info("sidecert starting: {} certificate(s), CA {}, certificates in {}", config.certificates().size(),
                    config.acme().directory(), config.storage().certificates());
            wiring.startAdmin(cron);
            wiring.crashLeftovers.removeAll();
            boolean placeholders = !wiring.placeholders.writeMissing(config.certificates()).isEmpty();
            wiring.sharedStore.seed(config.certificates());
            AtomicReference<RenewalScheduler> started = new AtomicReference<>();
            AtomicReference<ConfigReloader> reloading = new AtomicReference<>();
            ConfigReloader reloader = new ConfigReloader(mainFile, loader, config, () -> {
                // A newly added certificate needs its placeholder too, before the proxy is reloaded with it.
                wiring.placeholders.writeMissing(reloading.get().certificates());
                wiring.sharedStore.seed(reloading.get().certificates());
                checkNow(started.get());
            });
            reloading.set(reloader);
            wiring.health.add(reloader);
            wiring.certificatesFrom(reloader::certificates);
            Duration firstPass = placeholders ? PROXY_START_GRACE : Duration.ZERO;
            int parallelism = config.schedule().parallelism();
            Runnable startRenewals = () -> started.set(startScheduler(cron, wiring, reloader, firstPass, parallelism,
                    wiring.cluster.map(ClusterParts::jobs)));
            // A single node starts at once; a cluster node once it has joined.
            Optional<ClusterNode> node = wiring.cluster.map(cluster -> joinCluster(cluster, wiring, reloader,
                    startRenewals));
            if (node.isEmpty()) {
                startRenewals.run();
            }
            reloader.watch();
            return new Daemon(wiring, started, reloader, node);
        } catch (IOException | RuntimeException e) {
            wiring.close();
            throw e;
        }
    }

    /**
     * Starts this node's membership: the renewals start once it has joined, which waits for the database. Until then
     * the proxies serve the files on disk, and the health says why nothing renews.
     */
    private static ClusterNode joinCluster(ClusterParts cluster, Wiring wiring, ConfigReloader reloader,
            Runnable whenJoined) {
        ClusterNode node = new ClusterNode(cluster.settings(), cluster.database(), cluster.store(),
                () -> reloader.certificates().stream().map(CertificateSpec::name).toList(),
                changed -> wiring.renewals.reloadStoredElsewhere(reloader.certificates()), wiring.sharedHttp01,
                wiring.clock());
        wiring.health.add(node);
        node.start(whenJoined);
        return node;
    }

    private static RenewalScheduler startScheduler(String cron, Wiring wiring, ConfigReloader reloader,
            Duration firstPass, int parallelism, Optional<ClusteredJobs> cluster) {
        try {
            return RenewalScheduler.start(cron, wiring.renewals, reloader::certificates, firstPass, parallelism,
                    cluster, wiring.clock());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** Re-reads the configuration now (SIGHUP); a valid new certificate list is planned at once. */
    void reloadConfig() {
        reloader.reload();
    }

    private static void checkNow(RenewalScheduler scheduler) {
        if (scheduler == null) {
            return;   // a cluster node not yet joined: its first pass comes with joining
        }
        try {
            scheduler.passNow();
        } catch (SchedulerException e) {
            LOG.warn("could not start a pass after the configuration change: {}", e.getMessage());
        }
    }

    /** When the certificate's own trigger fires next; empty when it has none (not configured). */
    java.util.Optional<java.time.Instant> planned(String certificate) throws SchedulerException {
        RenewalScheduler running = scheduler.get();
        return running == null ? java.util.Optional.empty() : running.planned(certificate);
    }

    /** Interrupts a running check (an order in flight is abandoned; the store is never half-written) and stops. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;   // the signal's stop and the shutdown hook may both ask
        }
        LOG.info("stopping");
        reloader.close();
        node.ifPresent(ClusterNode::close);
        try {
            RenewalScheduler running = scheduler.get();
            if (running != null) {
                running.close();
            }
        } catch (SchedulerException e) {
            LOG.warn("the scheduler did not stop cleanly: {}", e.getMessage());
        } finally {
            wiring.close();
            LOG.info("stopped");
        }
    }
}
