package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The whole validated configuration: what {@link ConfigLoader} returns when nothing is wrong. */
public record SidecertConfig(
        AcmeSettings acme,
        StorageSettings storage,
        Http01Settings http01,
        ScheduleSettings schedule,
        List<CertificateSpec> certificates,
        ReloadSettings reload,
        AdminSettings admin,
        AlertSettings alerts,
        LogSettings log,
        Dns01Settings dns01,
        Optional<ClusterSettings> cluster) {

    public SidecertConfig {
        requireNonNull(acme, "acme");
        requireNonNull(storage, "storage");
        requireNonNull(http01, "http01");
        requireNonNull(schedule, "schedule");
        certificates = List.copyOf(certificates);
        requireNonNull(reload, "reload");
        requireNonNull(admin, "admin");
        requireNonNull(alerts, "alerts");
        requireNonNull(log, "log");
        requireNonNull(dns01, "dns01");
        requireNonNull(cluster, "cluster");
    }

    /** The same settings with another certificate list: what a hot reload of domains.conf changes. */
    public SidecertConfig withCertificates(List<CertificateSpec> newCertificates) {
        return new SidecertConfig(acme, storage, http01, schedule, newCertificates, reload, admin, alerts, log, dns01,
                cluster);
    }

    public Optional<CertificateSpec> certificate(String name) {
        return certificates.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
