package io.sidecert.schedule;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.renew.CheckOutcome;
import io.sidecert.renew.NextAction;
import io.sidecert.renew.RenewalCycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz adapter. Each certificate has a job of its own (job key = certificate name) with one trigger at the
 * instant its next action is due: its renewal point, the end of a back-off or of the CA's Retry-After, the next
 * ARI question, the time the order budget allows. After every run the trigger is planned again from the outcome.
 * A pass over all certificates runs at start-up, whenever the configuration changes, and hourly as a safety net;
 * it plans every certificate's trigger and removes those of certificates no longer configured.
 *
 * <p>The jobs keep nothing in Quartz but their names, so a clustered JDBC job store can replace the in-memory one
 * without a change to them; {@link RenewalJobs} holds what they call.
 */
public final class RenewalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalScheduler.class);
    static final String CERTIFICATES = "certificates";
    private static final JobKey PASS = JobKey.jobKey("pass", "sidecert");

    /**
     * How soon a certificate whose check could plan nothing (its lock or state directory failed, a bug) is looked
     * at again: it must never be left without a trigger until the next hourly pass.
     */
    static final Duration LOOK_AGAIN = Duration.ofMinutes(5);

    private final Scheduler scheduler;
    private final Clock clock;
    /** When each certificate's trigger was last planned: a pass must not overwrite a plan made after it looked. */
    private final Map<String, Instant> plannedAt = new ConcurrentHashMap<>();

    private RenewalScheduler(Scheduler scheduler, Clock clock) {
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Starts the scheduler: a pass after {@code firstPassDelay}, and at every firing of {@code cron}.
     *
     * @param certificates the certificate list in force (it changes with the configuration)
     */
    public static RenewalScheduler start(String cron, RenewalCycle cycle, Supplier<List<CertificateSpec>> certificates,
            Duration firstPassDelay, int parallelism, Clock clock) throws SchedulerException {
        return start(cron, cycle, certificates, firstPassDelay, parallelism, Optional.empty(), clock);
    }

    /**
     * Starts the scheduler on the in-memory job store, or on the cluster's shared one: there every node starts a pass
     * of its own when it joins, and the hourly pass and the certificates' jobs, shared, fire on one node each.
     */
    public static RenewalScheduler start(String cron, RenewalCycle cycle, Supplier<List<CertificateSpec>> certificates,
            Duration firstPassDelay, int parallelism, Optional<ClusteredJobs> cluster, Clock clock)
            throws SchedulerException {
        requireNonNull(firstPassDelay, "firstPassDelay");
        Properties properties = quartzProperties(parallelism);
        cluster.ifPresent(c -> clustered(properties, c));
        Scheduler quartz = new StdSchedulerFactory(properties).getScheduler();
        RenewalScheduler renewals = new RenewalScheduler(quartz, clock);
        quartz.setJobFactory(new RenewalJobs(cycle, certificates, renewals));
        // Recovered like the certificates' jobs: a pass cut short by a node's death runs again on another node.
        JobDetail pass = JobBuilder.newJob(RenewalJobs.PassJob.class).withIdentity(PASS).storeDurably()
                .requestRecovery().build();
        Trigger hourly = TriggerBuilder.newTrigger().withIdentity("hourly", "sidecert").forJob(pass)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed())
                .build();
        String startup = cluster.map(c -> "startup-" + c.nodeId()).orElse("startup");
        Trigger first = TriggerBuilder.newTrigger().withIdentity(startup, "sidecert").forJob(pass)
                .startAt(Date.from(clock.instant().plus(firstPassDelay))).build();
        quartz.addJob(pass, true);
        renewals.schedule(hourly);
        renewals.schedule(first);
        quartz.start();
        LOG.info("first pass {}, then every '{}' as a safety net (next at {}); each certificate is renewed by a"
                        + " trigger of its own", firstPassDelay.isZero() ? "now" : "in " + firstPassDelay.toSeconds()
                        + " s", cron, hourly.getNextFireTime().toInstant());
        return renewals;
    }

    /** Runs a pass as soon as possible (a configuration change, a signal); never two at once. */
    public void passNow() throws SchedulerException {
        scheduler.triggerJob(PASS);
    }

    /** When each certificate's trigger fires next, for status and tests. */
    public Optional<Instant> planned(String certificate) throws SchedulerException {
        Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(certificate, CERTIFICATES));
        return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
    }

    /**
     * Plans each checked certificate's trigger, unless its own job planned it since the pass began (that plan is
     * newer), and removes the jobs of certificates no longer configured.
     */
    synchronized void planAll(List<CheckOutcome> outcomes, Instant passStarted) throws SchedulerException {
        Set<JobKey> stale = new HashSet<>(scheduler.getJobKeys(GroupMatcher.jobGroupEquals(CERTIFICATES)));
        for (CheckOutcome outcome : outcomes) {
            stale.remove(JobKey.jobKey(outcome.certificate(), CERTIFICATES));
            Instant planned = plannedAt.getOrDefault(outcome.certificate(), Instant.MIN);
            if (planned.isBefore(passStarted)) {
                plan(outcome.certificate(), outcome.next().orElseGet(this::lookAgain));
            }
        }
        for (JobKey gone : stale) {
            forget(gone.getName());
            LOG.info("[{}] no longer configured: its trigger is removed", gone.getName());
        }
    }

    Instant now() {
        return clock.instant();
    }

    /** A look in {@link #LOOK_AGAIN}, for a check that could plan nothing. */
    NextAction lookAgain() {
        return new NextAction(NextAction.Kind.LOOK_AGAIN, clock.instant().plus(LOOK_AGAIN));
    }

    /** Removes a certificate's job and trigger: it is no longer configured. */
    synchronized void forget(String certificate) throws SchedulerException {
        scheduler.deleteJob(JobKey.jobKey(certificate, CERTIFICATES));
        plannedAt.remove(certificate);
    }

    /**
     * Fires the certificate's job at {@code next}; a trigger already planned for that very instant is left as it
     * is. Called from inside the job too: Quartz keeps a trigger rescheduled during its own firing. Synchronized:
     * the pass and a certificate's own job may plan the same certificate at once.
     */
    synchronized void plan(String certificate, NextAction next) throws SchedulerException {
        plannedAt.put(certificate, clock.instant());
        TriggerKey key = TriggerKey.triggerKey(certificate, CERTIFICATES);
        JobKey job = JobKey.jobKey(certificate, CERTIFICATES);
        if (!scheduler.checkExists(job)) {
            try {
                scheduler.addJob(JobBuilder.newJob(RenewalJobs.CertificateJob.class).withIdentity(job)
                        .storeDurably().requestRecovery().build(), false);
            } catch (ObjectAlreadyExistsException addedByAnotherNode) {
                // the same job, added by a node that planned this certificate at the same moment
            }
        }
        Instant at = next.at().isBefore(clock.instant()) ? clock.instant() : next.at();
        Trigger existing = scheduler.getTrigger(key);
        if (existing != null && Date.from(at).equals(existing.getNextFireTime())) {
            return;   // a pass over thousands of certificates mostly confirms what is planned
        }
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                .withDescription(next.kind().label())
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        schedule(trigger);
        LOG.debug("[{}] planned: {}", certificate, next.describe());
    }

    /** Adds the trigger, or replaces the one of that name (which another node of a cluster may have just added). */
    private void schedule(Trigger trigger) throws SchedulerException {
        for (int attempt = 0; ; attempt++) {
            try {
                if (scheduler.checkExists(trigger.getKey())) {
                    scheduler.rescheduleJob(trigger.getKey(), trigger);
                } else {
                    scheduler.scheduleJob(trigger);
                }
                return;
            } catch (ObjectAlreadyExistsException raced) {
                if (attempt > 0) {
                    throw raced;
                }
            }
        }
    }

    /**
     * Interrupts running jobs and waits for them to stop. An interrupted order is abandoned between ACME
     * requests; the store only ever switches to a completely written version, so nothing is left half-done.
     */
    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }

    /**
     * The clustered JDBC store on the cluster's connection pool. Every node shares the scheduler name (it is the key
     * of the rows in Quartz's tables) and has an instance id of its own.
     */
    private static void clustered(Properties p, ClusteredJobs cluster) {
        String dataSource = "sidecert-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSource, new PooledConnections(cluster.dataSource()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sidecert");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, cluster.nodeId());
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSource);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(cluster.checkInInterval().toMillis()));
        // After the database was away, check in again soon, before the others take this node for dead.
        p.setProperty("org.quartz.jobStore.dbRetryInterval", Long.toString(Math.max(1000,
                cluster.checkInInterval().toMillis() / 2)));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    }

    private static Properties quartzProperties(int parallelism) {
        Properties p = new Properties();
        // A unique name per instance: Quartz keeps a JVM-wide repository of schedulers by name.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sidecert-" + UUID.randomUUID());
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        // The pass runs beside the certificates' jobs; it brings its own pool for its orders.
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(1, parallelism) + 1));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdown", "true");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
        return p;
    }
}
