package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import java.util.List;
import java.util.function.Supplier;

/**
 * The status rows that /health, /status, the metrics and the alert sweep read, built once and kept until
 * something happens to a certificate (any renewal event) or the certificate list changes. Building them reads
 * and parses every certificate and state file, which a HEALTHCHECK every 30 s should not repeat for thousands
 * of certificates when nothing changed.
 */
public final class StatusSnapshot implements RenewalListener {
    private final StatusReport report;
    private final Supplier<List<CertificateSpec>> certificates;
    private volatile Snapshot snapshot;

    public StatusSnapshot(StatusReport report, Supplier<List<CertificateSpec>> certificates) {
        this.report = requireNonNull(report, "report");
        this.certificates = requireNonNull(certificates, "certificates");
    }

    public List<CertificateStatus> current() {
        List<CertificateSpec> specs = certificates.get();
        Snapshot taken = snapshot;
        if (taken == null || taken.specs() != specs) {
            taken = new Snapshot(specs, report.of(specs));
            snapshot = taken;
        }
        return taken.rows();
    }

    @Override
    public void on(RenewalEvent event) {
        snapshot = null;
    }

    /** The rows and the list they were built for (compared by identity: a reload brings a new list). */
    private record Snapshot(List<CertificateSpec> specs, List<CertificateStatus> rows) {
    }
}
