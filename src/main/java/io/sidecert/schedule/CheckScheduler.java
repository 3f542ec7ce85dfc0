package io.sidecert.schedule;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz adapter: runs a check at start-up and then on the cron schedule, one at a time. The job is
 * a thin shell around {@link CheckRunner}; everything worth testing lives behind it.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScheduler.class);
    private static final JobKey CHECK = JobKey.jobKey("check", "sidecert");

    private final Scheduler scheduler;

    private CheckScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts the scheduler: one check now, then at every firing of {@code cron}. */
    public static CheckScheduler start(String cron, CheckRunner runner) throws SchedulerException {
        return start(cron, runner, Duration.ZERO);
    }

    /** Starts the scheduler: one check after {@code firstCheckDelay}, and at every firing of {@code cron}. */
    public static CheckScheduler start(String cron, CheckRunner runner, Duration firstCheckDelay)
            throws SchedulerException {
        requireNonNull(runner, "runner");
        requireNonNull(firstCheckDelay, "firstCheckDelay");
        Scheduler scheduler = new StdSchedulerFactory(quartzProperties()).getScheduler();
        scheduler.setJobFactory((bundle, s) -> new CheckJob(runner));
        JobDetail job = JobBuilder.newJob(CheckJob.class).withIdentity(CHECK).storeDurably().build();
        Trigger hourly = TriggerBuilder.newTrigger().withIdentity("hourly", "sidecert").forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        Trigger now = TriggerBuilder.newTrigger().withIdentity("startup", "sidecert").forJob(job)
                .startAt(Date.from(Instant.now().plus(firstCheckDelay))).build();
        scheduler.addJob(job, false);
        scheduler.scheduleJob(hourly);
        scheduler.scheduleJob(now);
        scheduler.start();
        LOG.info("checks scheduled: {}, then '{}' (next at {})",
                firstCheckDelay.isZero() ? "now" : "in " + firstCheckDelay.toSeconds() + " s", cron,
                hourly.getNextFireTime());
        return new CheckScheduler(scheduler);
    }

    /** Runs a check as soon as possible (a config change, a signal), still never two at once. */
    public void checkNow() throws SchedulerException {
        scheduler.triggerJob(CHECK);
    }

    /**
     * Interrupts a running check and waits for it to stop. An interrupted order is abandoned between ACME
     * requests; the store only ever switches to a completely written version, so nothing is left half-done.
     */
    @Override
    public void close() throws SchedulerException {
        scheduler.shutdown(true);
    }

    private static Properties quartzProperties() {
        Properties p = new Properties();
        // A unique name per instance: Quartz keeps a JVM-wide repository of schedulers by name.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sidecert-" + UUID.randomUUID());
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdown", "true");
        p.setProperty("org.quartz.scheduler.interruptJobsOnShutdownWithWait", "true");
        return p;
    }

    /** The Quartz job; holds its runner instead of looking it up in static state. */
    @DisallowConcurrentExecution
    static final class CheckJob implements InterruptableJob {
        private final CheckRunner runner;
        private volatile Thread running;

        CheckJob(CheckRunner runner) {
            this.runner = runner;
        }

        @Override
        public void interrupt() {
            Thread thread = running;
            if (thread != null) {
                thread.interrupt();
            }
        }

        @Override
        public void execute(JobExecutionContext context) {
            running = Thread.currentThread();
            try {
                runner.runCheck();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("check interrupted by shutdown");
            } catch (RuntimeException e) {
                LOG.error("check failed unexpectedly; the next one runs on schedule", e);
            } finally {
                running = null;
            }
        }
    }
}
