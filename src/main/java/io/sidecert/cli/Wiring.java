package io.sidecert.cli;

import io.sidecert.acme.AccountKeyStore;
import io.sidecert.acme.AccountKeys;
import io.sidecert.acme.AcmeAccounts;
import io.sidecert.acme.AcmeCertificateAuthority;
import io.sidecert.acme.AcmeIssuer;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.acme.Revoker;
import io.sidecert.acme.CaRetryAfter;
import io.sidecert.acme.TrustingSessionFactory;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.cluster.AdvisoryLocks;
import io.sidecert.cluster.ClusterStatus;
import io.sidecert.cluster.ClusterView;
import io.sidecert.cluster.DbAccountKeys;
import io.sidecert.cluster.DbStateStore;
import io.sidecert.cluster.SharedHttp01;
import io.sidecert.challenge.ChallengeSolvers;
import io.sidecert.challenge.http01.StandaloneResponder;
import io.sidecert.challenge.http01.WebrootSolver;
import io.sidecert.config.CertificateSpec;
import io.sidecert.config.Http01Mode;
import io.sidecert.config.ReloadSettings;
import io.sidecert.config.SidecertConfig;
import io.sidecert.deploy.CoalescingReloads;
import io.sidecert.deploy.DockerEngine;
import io.sidecert.deploy.OwnContainer;
import io.sidecert.deploy.ProxyReloader;
import io.sidecert.deploy.Proxies;
import io.sidecert.deploy.ReloadHealth;
import io.sidecert.deploy.ReloadStatus;
import io.sidecert.event.RenewalEvents;
import io.sidecert.observe.CheckActivity;
import io.sidecert.observe.LogListener;
import io.sidecert.observe.admin.AdminServer;
import io.sidecert.observe.alert.Alerts;
import io.sidecert.observe.health.CertificateHealth;
import io.sidecert.observe.health.ReloadHealthContributor;
import io.sidecert.observe.health.Health;
import io.sidecert.observe.metrics.SidecertMetrics;
import io.sidecert.renew.AriTracker;
import io.sidecert.renew.CertificateLocks;
import io.sidecert.renew.CertificateRenewer;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.renew.OrderBudget;
import io.sidecert.renew.LineageMoves;
import io.sidecert.renew.CrashLeftovers;
import io.sidecert.renew.PlaceholderWriter;
import io.sidecert.renew.UnconfiguredCertificates;
import io.sidecert.renew.RenewalCycle;
import io.sidecert.renew.RenewalPolicy;
import io.sidecert.renew.RetryPolicy;
import io.sidecert.renew.SharedStoreWatcher;
import io.sidecert.renew.StatusReport;
import io.sidecert.renew.StatusSnapshot;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.PrivateFiles;
import io.sidecert.store.StateStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The object graph, wired by hand from a validated configuration: no container, no static state, and a
 * reader sees in one screen what depends on what.
 */
final class Wiring implements AutoCloseable {
    private static final Duration VALIDATION_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration FINALIZE_TIMEOUT = Duration.ofMinutes(3);

    final SidecertConfig config;
    final RenewalEvents events = new RenewalEvents();
    final CertificateStore store;
    final StateStore states;
    final RenewalCycle renewals;
    /** Taking over and deleting certificates no longer configured. */
    final LineageMoves moves;
    final UnconfiguredCertificates unconfigured;
    final StatusReport status;
    /** How telling proxies stands, for the health endpoint. */
    final ReloadHealth reloads;
    /** Metrics, health and alerts; the admin port serves the first two in the daemon. */
    final SidecertMetrics metrics;
    final Health health;
    private final Optional<Alerts> alerts;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Clock clock;
    private volatile Supplier<List<CertificateSpec>> certificates;
    private final StatusSnapshot statusSnapshot;
    /** What this process last saw live in the store; the daemon seeds it before its first check. */
    final SharedStoreWatcher sharedStore;
    final PlaceholderWriter placeholders;
    /** What a killed save left in the store, removed once at start-up. */
    final CrashLeftovers crashLeftovers;
    /** Paces new orders per account; certificates waiting for it show in the status. */
    final OrderBudget budget;
    private final Optional<StandaloneResponder> responder;
    private final Optional<DockerEngine> docker;
    private final Optional<ProxyReloader> reloader;
    /** Cluster mode's database and stores; empty on a single node. */
    final Optional<ClusterParts> cluster;
    /** In cluster mode, the HTTP-01 answers shared with the other nodes, which the node keeps in sync. */
    final Optional<SharedHttp01> sharedHttp01;

    /** How long the daemon gathers stored certificates before reloading the proxies once for all of them. */
    private static final Duration RELOAD_COALESCING = Duration.ofMillis(300);

    /** How the proxies are told: at once for a one-shot command, coalesced in the daemon. */
    enum Reloads {
        IMMEDIATE,
        COALESCED
    }

    private Wiring(SidecertConfig config, Clock clock, Optional<StandaloneResponder> responder, Reloads mode) {
        this.config = config;
        this.clock = clock;
        this.responder = responder;
        events.subscribe(new LogListener());
        metrics = new SidecertMetrics(config.certificates().stream().map(c -> c.name()).toList(), clock);
        events.subscribe(metrics);
        PrivateFiles.warnIfWritableByOthers(config.storage().state());
        var files = new CertbotLayoutStore(config.storage());
        var fileLocks = new CertificateLocks(config.storage().state());
        cluster = config.cluster().map(settings -> ClusterParts.open(settings, files, config.schedule().parallelism()));
        store = cluster.<CertificateStore>map(ClusterParts::store).orElse(files);
        states = cluster.<StateStore>map(c -> new DbStateStore(c.database(), clock))
                .orElseGet(() -> new JsonStateStore(config.storage().state()));
        AccountKeyStore accountKeys = cluster.<AccountKeyStore>map(c -> new DbAccountKeys(c.database(), c.secrets()))
                .orElseGet(() -> new AccountKeys(config.storage().state()));
        var random = new SecureRandom();
        var retryAfter = new CaRetryAfter(clock);
        var accounts = new AcmeAccounts(config.acme(), accountKeys, sessionFactory(config, metrics, retryAfter));
        ChallengeSolver localHttp01 = responder.<ChallengeSolver>map(r -> r)
                .orElseGet(() -> new WebrootSolver(config.http01().webroot()));
        // In a cluster the CA may ask any node's proxy: every node serves the answers of the one that orders.
        sharedHttp01 = cluster.map(c -> new SharedHttp01(localHttp01, c.database(), c.settings().nodeId(),
                c.settings().checkInInterval()));
        ChallengeSolver http01 = sharedHttp01.<ChallengeSolver>map(s -> s).orElse(localHttp01);
        var solvers = new ChallengeSolvers(http01, DnsProviders.solvers(config.dns01(), clock)::forCertificate);
        var ca = new AcmeCertificateAuthority(new AcmeIssuer(accounts, VALIDATION_TIMEOUT, FINALIZE_TIMEOUT),
                new RenewalInfoClient(accounts), new Revoker(accounts), solvers, retryAfter);
        var policy = new RenewalPolicy();
        var retry = new RetryPolicy(random);
        budget = config.acme().orderBudget().map(limit -> new OrderBudget(limit.withSafetyMargin(), clock))
                .orElseGet(OrderBudget::unlimited);
        var locks = cluster.map(c -> new CertificateLocks(new AdvisoryLocks(c.database()))).orElse(fileLocks);
        sharedStore = new SharedStoreWatcher(store);
        var renewer = new CertificateRenewer(store, states, locks, ca, new AriTracker(ca, random), policy, retry,
                budget, sharedStore, events, clock);
        certificates = config::certificates;
        // Only with targets to tell is there a Docker client; it connects at each use, not here.
        ReloadSettings reload = ownProjectOutsideContainers(config.reload());
        docker = reload.targets().isEmpty() ? Optional.empty() : Optional.of(DockerEngine.connect(reload.docker()));
        // Commands alone need no Docker: a host's proxies are told by what sidecert runs itself.
        reloader = reload.anyone()
                ? Optional.of(new ProxyReloader(reload, docker.map(engine -> engine),
                        config.storage().state(), config.storage().certificates(), events, clock))
                : Optional.empty();
        moves = new LineageMoves(store, states, locks, events);
        unconfigured = new UnconfiguredCertificates(store, moves, events);
        renewals = new RenewalCycle(renewer, sharedStore, unconfigured, proxies(mode), events, clock,
                config.schedule().parallelism());
        status = new StatusReport(store, states, policy, retry, budget, clock);
        // Subscribed before alerts, so that they read rows rebuilt after what just happened.
        statusSnapshot = new StatusSnapshot(status, () -> certificates.get(), clock);
        events.subscribe(statusSnapshot);
        // Placeholders are this node's own files, written before the database answers: the files and their lock.
        placeholders = new PlaceholderWriter(files, fileLocks, clock);
        crashLeftovers = new CrashLeftovers(files, fileLocks);
        reloads = reloader.<ReloadHealth>map(r -> r).orElse(ReloadHealth.off());
        health = new Health(clock).add(new CertificateHealth(this::statuses, config.alerts().expiringWithin()))
                .add(new ReloadHealthContributor(reloads));
        alerts = config.alerts().anyChannel()
                ? Optional.of(Alerts.create(config.alerts(), config.storage().state(), this::statuses, clock,
                        metrics::alertDelivery))
                : Optional.empty();
        alerts.ifPresent(events::subscribe);
    }

    /**
     * The built-in target means the proxies of sidecert's own compose project or stack; run outside any container
     * (the jar on a host), it means none, and no other project's proxy is reloaded by accident.
     */
    private static ReloadSettings ownProjectOutsideContainers(ReloadSettings reload) {
        if (!reload.ownProjectOnly() || OwnContainer.id().isPresent()) {
            return reload;
        }
        LoggerFactory.getLogger(Wiring.class).info("reload: sidecert runs outside a container, so the default target"
                + " (containers labelled for reloads in its own compose project or stack) means none; set"
                + " reload.targets or reload.commands to tell the proxies");
        return reload.outsideContainers();
    }

    private Proxies proxies(Reloads mode) {
        if (reloader.isEmpty()) {
            return Proxies.none();
        }
        if (mode == Reloads.IMMEDIATE) {
            return reloader.get();
        }
        CoalescingReloads coalescing = new CoalescingReloads(reloader.get(), RELOAD_COALESCING);
        closeables.add(coalescing);
        return coalescing;
    }

    /** One factory, so one TLS context and HTTP client per CA for all sessions. */
    private static io.sidecert.acme.SessionFactory sessionFactory(SidecertConfig config, SidecertMetrics metrics,
            CaRetryAfter retryAfter) {
        TrustingSessionFactory factory = new TrustingSessionFactory(metrics::acmeRequest, retryAfter);
        return directory -> factory.open(directory, config.acme().trustPem());
    }

    Clock clock() {
        return clock;
    }

    /**
     * Whether every proxy took {@code certificate} after it was stored: no reload target is missing or failing
     * and nothing waits to be loaded. True when no proxy is told at all.
     */
    boolean proxiesServe(String certificate) {
        ReloadStatus status = reloads.current();
        return status.healthy() && !status.pendingCertificates().contains(certificate);
    }

    /** Every configured certificate's status, from the store and the state. */
    List<CertificateStatus> statuses() {
        return statusSnapshot.current();
    }

    /** The stored certificates no longer configured, as rows; never seen by alerts, health or metrics. */
    List<CertificateStatus> unconfiguredStatuses() {
        return status.unconfigured(unconfigured.names(certificates.get()));
    }

    /** The certificate list in force: the daemon points this at its hot-reloaded configuration. */
    void certificatesFrom(Supplier<List<CertificateSpec>> current) {
        certificates = current;
    }

    /**
     * For the daemon: tracks its checks on {@code cron} (health: down when they stop) and, unless disabled,
     * opens the admin port with JVM metrics. Closed with this wiring.
     */
    Optional<AdminServer> startAdmin(String cron) throws IOException {
        CheckActivity checks = new CheckActivity(cron, clock);
        events.subscribe(checks);
        health.add(checks);
        if (!config.admin().enabled()) {
            return Optional.empty();
        }
        closeables.add(metrics.bindJvmMetrics());
        AdminServer admin = AdminServer.start(config.admin().bind(), config.admin().port(), metrics, health, checks,
                this::statuses, this::unconfiguredStatuses, clusterView(), config.alerts().expiringWithin(), clock);
        closeables.add(admin);
        return Optional.of(admin);
    }

    private Supplier<Optional<ClusterStatus>> clusterView() {
        Optional<ClusterView> view = cluster.map(c -> new ClusterView(c.database(), c.settings().nodeId()));
        return () -> view.flatMap(ClusterView::status);
    }

    /** Wires everything for a one-shot command; in standalone mode this binds the HTTP-01 responder's port. */
    static Wiring of(SidecertConfig config, Clock clock) throws IOException {
        return of(config, clock, Reloads.IMMEDIATE);
    }

    /**
     * Wires everything but the standalone HTTP-01 responder, for commands that order nothing (revoking or deleting a
     * certificate no longer configured): they must work while the daemon holds the responder's port.
     */
    static Wiring withoutChallenges(SidecertConfig config, Clock clock) throws IOException {
        Wiring wiring = new Wiring(config, clock, Optional.empty(), Reloads.IMMEDIATE);
        if (wiring.cluster.isPresent()) {
            migrate(wiring);
        }
        return wiring;
    }

    /** Wires everything, telling the proxies as {@code reloads} says. */
    static Wiring of(SidecertConfig config, Clock clock, Reloads mode) throws IOException {
        Optional<StandaloneResponder> responder = config.http01().mode() == Http01Mode.STANDALONE
                ? Optional.of(startResponder(config.http01().bind(), config.http01().port()))
                : Optional.empty();
        Wiring wiring = new Wiring(config, clock, responder, mode);
        if (mode == Reloads.IMMEDIATE && wiring.cluster.isPresent()) {
            migrate(wiring);   // the daemon does it when it joins; a one-shot command needs the schema now
        }
        return wiring;
    }

    private static void migrate(Wiring wiring) throws IOException {
        try {
            wiring.cluster.get().database().migrate();
        } catch (RuntimeException e) {
            wiring.close();
            throw new IOException("the cluster database " + wiring.config.cluster().orElseThrow().jdbcUrl()
                    + " is unreachable or refused the schema: " + e.getMessage(), e);
        }
    }

    private static StandaloneResponder startResponder(String bind, int port) throws IOException {
        try {
            return StandaloneResponder.start(bind, port);
        } catch (java.net.BindException e) {
            throw new IOException("http-01.port " + port + " is in use: " + e.getMessage() + ". In standalone mode"
                    + " only one sidecert process can answer challenges; if the daemon is running, let it renew"
                    + " (it checks hourly) or stop it for this command", e);
        }
    }

    @Override
    public void close() {
        responder.ifPresent(StandaloneResponder::close);
        // Before Docker: a coalesced reload in flight must not find its client closed.
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Wiring.class).warn("cannot close {}: {}", closeable, e.toString());
            }
        }
        docker.ifPresent(DockerEngine::close);
        cluster.ifPresent(c -> c.database().close());
        // Last: alerts raised while stopping are still delivered.
        alerts.ifPresent(Alerts::close);
    }
}
