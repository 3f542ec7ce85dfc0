package io.sidecert.cli;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ConfigException;
import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.observe.health.HealthContributor;
import io.sidecert.observe.health.HealthFinding;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks up an edited certificate list without a restart: on a change in the configuration's directory (or
 * when told, e.g. on SIGHUP) the files are validated first; a valid list replaces the running one and a
 * check runs at once, an invalid one is refused with every problem and the running configuration stays.
 * Settings other than the certificate list (CA, storage, HTTP-01, reload) are wired at start-up: a change
 * there is reported as needing a restart rather than half-applied.
 */
final class ConfigReloader implements AutoCloseable, HealthContributor {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);
    /** Editors write in several steps; wait for the burst to end before reading. */
    private static final long SETTLE_MILLIS = 500;

    private final Path mainFile;
    private final ConfigLoader loader;
    private final AtomicReference<SidecertConfig> current;
    private final Runnable onChange;
    /** Why the files on disk are not in force, while they are not: health stays degraded until fixed. */
    private volatile Optional<String> refused = Optional.empty();
    private WatchService watcher;
    private Thread thread;

    ConfigReloader(Path mainFile, ConfigLoader loader, SidecertConfig initial, Runnable onChange) {
        this.mainFile = requireNonNull(mainFile, "mainFile");
        this.loader = requireNonNull(loader, "loader");
        this.current = new AtomicReference<>(requireNonNull(initial, "initial"));
        this.onChange = requireNonNull(onChange, "onChange");
    }

    /** The certificates of the configuration in force. */
    List<CertificateSpec> certificates() {
        return current.get().certificates();
    }

    /** Watches the configuration's directory (domains.conf normally sits beside sidecert.conf). */
    void watch() throws IOException {
        Path dir = mainFile.toAbsolutePath().getParent();
        watcher = FileSystems.getDefault().newWatchService();
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(this::watchLoop, "config-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for configuration changes", dir);
    }

    /** Reads and validates the files now; returns whether the certificate list in force changed. */
    synchronized boolean reload() {
        SidecertConfig next;
        try {
            next = loader.load(mainFile);
        } catch (ConfigException e) {
            return refuse(e.getMessage());
        }
        SidecertConfig previous = current.get();
        if (!previous.dns01().equals(next.dns01())) {
            // Providers are wired at start-up: certificates naming a new one would fail mid-order.
            return refuse("dns-01 or dns-providers changed, which needs a restart of sidecert");
        }
        if (refused.isPresent()) {
            LOG.info("the configuration on disk is valid again");
            refused = Optional.empty();
        }
        current.set(next);
        if (!previous.withCertificates(List.of()).equals(next.withCertificates(List.of()))) {
            LOG.warn("settings outside `certificates` changed; restart sidecert to apply them"
                    + " (the certificate list is applied now)");
        }
        if (previous.certificates().equals(next.certificates())) {
            return false;
        }
        LOG.info("configuration reloaded: {} certificate(s) {}", next.certificates().size(),
                next.certificates().stream().map(CertificateSpec::name).toList());
        onChange.run();
        return true;
    }

    private boolean refuse(String why) {
        LOG.error("configuration change refused, the running configuration stays: {}", why);
        refused = Optional.of(why);
        return false;
    }

    /** Degraded while the edited configuration is refused: what runs is not what the files say. */
    @Override
    public List<HealthFinding> findings(Instant now) {
        return refused.map(why -> List.of(HealthFinding.degraded("the edited configuration was refused and the"
                + " previous one is still in force: " + why.strip().replaceAll("\\s*\\n\\s*", " ")
                + "; fix it and save again (sidecert validate shows every problem)"))).orElse(List.of());
    }

    private void watchLoop() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                // Drain the burst of events one save produces, then read once.
                do {
                    key.pollEvents();
                    key.reset();
                    key = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
                } while (key != null);
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("config watch stopped unexpectedly; send SIGHUP or restart to reload", e);
        }
    }

    @Override
    public void close() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("closing the config watch: {}", e.getMessage());
        }
    }
}
