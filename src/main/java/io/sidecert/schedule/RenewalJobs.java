package io.sidecert.schedule;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.renew.CertificateRenewer;
import io.sidecert.renew.NextAction;
import io.sidecert.renew.RenewalCycle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the jobs Quartz runs, handing them what they call instead of leaving them to look it up in static state.
 * Each job is a thin shell: run the cycle, plan the trigger from the outcome.
 */
final class RenewalJobs implements JobFactory {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalJobs.class);

    private final RenewalCycle cycle;
    private final Supplier<List<CertificateSpec>> certificates;
    private final RenewalScheduler scheduler;

    RenewalJobs(RenewalCycle cycle, Supplier<List<CertificateSpec>> certificates, RenewalScheduler scheduler) {
        this.cycle = requireNonNull(cycle, "cycle");
        this.certificates = requireNonNull(certificates, "certificates");
        this.scheduler = requireNonNull(scheduler, "scheduler");
    }

    @Override
    public Job newJob(TriggerFiredBundle bundle, Scheduler quartz) {
        if (bundle.getJobDetail().getJobClass() == PassJob.class) {
            return new PassJob(this);
        }
        return new CertificateJob(this, bundle.getJobDetail().getKey().getName());
    }

    private void pass() throws InterruptedException, SchedulerException {
        Instant started = scheduler.now();
        scheduler.planAll(cycle.checkAll(certificates.get()), started);
    }

    private void certificate(String name) throws InterruptedException, SchedulerException {
        Optional<CertificateSpec> spec = certificates.get().stream().filter(s -> s.name().equals(name)).findFirst();
        if (spec.isEmpty()) {
            scheduler.forget(name);   // removed from the configuration
            return;
        }
        NextAction next = scheduler.lookAgain();
        try {
            next = cycle.check(spec.get(), CertificateRenewer.Trigger.SCHEDULED).next().orElse(next);
        } finally {
            // Even when the check threw: a certificate is never left without a trigger.
            scheduler.plan(name, next);
        }
    }

    /** The interruptible shell both jobs share: shutdown interrupts an order in flight. */
    private abstract static class Shell implements InterruptableJob {
        private volatile Thread running;

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
                run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.info("{} interrupted by shutdown", this);
            } catch (SchedulerException e) {
                LOG.warn("{}: cannot plan the next run ({}); the next pass plans it", this, e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} failed unexpectedly; the next pass plans it again", this, e);
            } finally {
                running = null;
            }
        }

        abstract void run() throws InterruptedException, SchedulerException;
    }

    /** The pass over every certificate: at start-up, after a configuration change, hourly as a safety net. */
    @DisallowConcurrentExecution
    static final class PassJob extends Shell {
        private final RenewalJobs jobs;

        PassJob(RenewalJobs jobs) {
            this.jobs = jobs;
        }

        @Override
        void run() throws InterruptedException, SchedulerException {
            jobs.pass();
        }

        @Override
        public String toString() {
            return "pass";
        }
    }

    /** One certificate's job, fired when its next action is due. */
    @DisallowConcurrentExecution
    static final class CertificateJob extends Shell {
        private final RenewalJobs jobs;
        private final String name;

        CertificateJob(RenewalJobs jobs, String name) {
            this.jobs = jobs;
            this.name = name;
        }

        @Override
        void run() throws InterruptedException, SchedulerException {
            jobs.certificate(name);
        }

        @Override
        public String toString() {
            return "[" + name + "] job";
        }
    }
}
