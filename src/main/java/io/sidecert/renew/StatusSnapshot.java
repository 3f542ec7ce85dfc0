package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The status rows that /health, /status, the metrics and the alert sweep read, built once and kept until
 * something changes a certificate's files or state (a renewal, a failure), the certificate list changes, or a
 * minute has passed. A HEALTHCHECK every 30 s should not look at thousands of certificates each time.
 */
public final class StatusSnapshot implements RenewalListener {
    /** Planned times move on as a certificate's own checks run quietly (an ARI question answered): refresh. */
    private static final Duration MAX_AGE = Duration.ofMinutes(1);

    private final StatusReport report;
    private final Supplier<List<CertificateSpec>> certificates;
    private volatile Snapshot snapshot;

    private final Clock clock;

    public StatusSnapshot(StatusReport report, Supplier<List<CertificateSpec>> certificates, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        this.report = requireNonNull(report, "report");
        this.certificates = requireNonNull(certificates, "certificates");
    }

    public List<CertificateStatus> current() {
        List<CertificateSpec> specs = certificates.get();
        Snapshot taken = snapshot;
        Instant now = clock.instant();
        if (taken == null || taken.specs() != specs || !now.isBefore(taken.taken().plus(MAX_AGE))) {
            taken = new Snapshot(specs, report.of(specs), now);
            snapshot = taken;
        }
        return taken.rows();
    }

    /** Anything that changes a certificate's files or state; a pass that finds nothing to do changes neither. */
    @Override
    public void on(RenewalEvent event) {
        if (!(event instanceof RenewalEvent.NotDue || event instanceof RenewalEvent.Deferred
                || event instanceof RenewalEvent.CheckCompleted)) {
            snapshot = null;
        }
    }

    /** The rows and the list they were built for (compared by identity: a reload brings a new list). */
    private record Snapshot(List<CertificateSpec> specs, List<CertificateStatus> rows, Instant taken) {
    }
}
