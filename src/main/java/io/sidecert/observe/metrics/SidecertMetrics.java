package io.sidecert.observe.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.renew.CertificateStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * sidecert's Prometheus metrics. Names follow Prometheus style: {@code sidecert_} prefix, base units in the name,
 * timestamps as {@code _timestamp_seconds}, counters as {@code _total}. Every per-certificate series has the
 * label {@code name} (the configured certificate name), never a domain or a URL, so the series stay few.
 *
 * <p>Per-certificate gauges are read from the store and the state when {@link #refresh} is called, just before
 * each scrape: they are right also after a {@code sidecert renew} run beside the daemon. Counters and timers
 * count what this process did since it started.
 *
 * <p>Reload and served-certificate metrics are fed through {@link #reload} and {@link #servedCertificate},
 * for the proxy-reload events to call.
 */
public final class SidecertMetrics implements RenewalListener {
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final List<CertificateGauge> certificateGauges = new ArrayList<>();
    private final MultiGauge lastResult;
    private final Timer checkDuration;
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private volatile double lastCheckCompleted = Double.NaN;
    private volatile double lastCheckClean = Double.NaN;
    private volatile double lastCheckFailed = Double.NaN;

    /** @param certificates the configured names, whose attempt counters start at zero */
    public SidecertMetrics(List<String> certificates, Clock clock) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.clock = requireNonNull(clock, "clock");
        certificateGauge("sidecert.certificate.expiration.timestamp",
                "When the stored certificate expires (notAfter)", CertificateStatus::notAfter);
        certificateGauge("sidecert.certificate.not.before.timestamp",
                "When the stored certificate became valid (notBefore)", CertificateStatus::notBefore);
        certificateGauge("sidecert.certificate.renewal.timestamp",
                "When the stored certificate is due for renewal by the renewal policy (ARI or renew-before)",
                CertificateStatus::renewalPoint);
        certificateGauge("sidecert.certificate.next.renewal.timestamp",
                "When sidecert will next try to renew: the renewal point, or later after a failure's back-off",
                CertificateStatus::nextRenewal);
        certificateGauge("sidecert.certificate.last.attempt.timestamp",
                "When sidecert last tried to renew the certificate", CertificateStatus::lastAttempt);
        certificateGauge("sidecert.certificate.last.renewal.timestamp",
                "When the certificate was last renewed successfully", CertificateStatus::lastSuccess);
        lastResult = MultiGauge.builder("sidecert.certificate.last.result")
                .description("1 for the result of the last renewal attempt (renewed or failed), per certificate")
                .register(registry);
        certificateGauges.add(new CertificateGauge(MultiGauge.builder("sidecert.certificate.consecutive.failures")
                .description("Failed renewal attempts since the last success").register(registry),
                s -> Optional.of((double) s.consecutiveFailures())));
        for (String certificate : certificates) {
            attempts(certificate, "renewed");
            attempts(certificate, "failed");
        }
        checkDuration = Timer.builder("sidecert.check.duration")
                .description("How long a check of all certificates took, orders included")
                .register(registry);
        Gauge.builder("sidecert.check.last.completed.timestamp", this, m -> m.lastCheckCompleted)
                .baseUnit("seconds").description("When the last check of all certificates finished")
                .register(registry);
        Gauge.builder("sidecert.check.last.success.timestamp", this, m -> m.lastCheckClean)
                .baseUnit("seconds").description("When the last check finished in which no certificate failed")
                .register(registry);
        Gauge.builder("sidecert.check.failed.certificates", this, m -> m.lastCheckFailed)
                .description("How many certificates failed in the last check").register(registry);
    }

    @Override
    public void on(RenewalEvent event) {
        if (event instanceof RenewalEvent.Renewed r) {
            attempts(r.certificate(), "renewed").increment();
        } else if (event instanceof RenewalEvent.Failed f) {
            attempts(f.certificate(), "failed").increment();
        } else if (event instanceof RenewalEvent.CheckCompleted c) {
            checkDuration.record(c.took());
            double now = seconds(clock.instant());
            lastCheckCompleted = now;
            lastCheckFailed = c.failed();
            if (c.failed() == 0) {
                lastCheckClean = now;
            }
        } else if (event instanceof RenewalEvent.Reloaded r) {
            r.certificates().forEach(certificate -> reload(certificate, r.target(), true));
        } else if (event instanceof RenewalEvent.ReloadFailed f) {
            f.certificates().forEach(certificate -> reload(certificate, f.target(), false));
        } else if (event instanceof RenewalEvent.ServedCertificate s) {
            servedCertificate(s.certificate(), s.target(), s.ok());
        }
    }

    /** Sets the per-certificate gauges from the certificates' current status; certificates without a value have no series. */
    public void refresh(List<CertificateStatus> statuses) {
        for (CertificateGauge gauge : certificateGauges) {
            gauge.refresh(statuses);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (CertificateStatus s : statuses) {
            s.lastResult().ifPresent(result -> rows.add(MultiGauge.Row.of(
                    Tags.of("name", s.name(), "result", result), 1)));
        }
        lastResult.register(rows, true);
    }

    /** One HTTP request to the CA; fed by the ACME client's hook. */
    public void acmeRequest(String endpoint, String method, String status, Duration took) {
        Timer.builder("sidecert.acme.requests")
                .description("HTTP requests to the ACME CA, by endpoint, method and HTTP status (io_error: no response)")
                .tags("endpoint", endpoint, "method", method, "status", status)
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(took);
    }

    /** A proxy reload after a renewal: {@code target} names the container or service told. */
    public void reload(String certificate, String target, boolean succeeded) {
        Counter.builder("sidecert.reloads")
                .description("Proxy reloads after renewals, by certificate, target and result")
                .tags("name", certificate, "target", target, "result", succeeded ? "success" : "failure")
                .register(registry).increment();
    }

    /**
     * A check of the certificate a proxy actually serves: {@code current} when it is the stored one.
     * Sets {@code sidecert_served_certificate_current} and counts the check.
     */
    public void servedCertificate(String certificate, String target, boolean current) {
        Counter.builder("sidecert.served.certificate.checks")
                .description("Checks of the certificate a proxy serves, by result (current or stale)")
                .tags("name", certificate, "target", target, "result", current ? "current" : "stale")
                .register(registry).increment();
        served.computeIfAbsent(certificate + "\n" + target, key -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("sidecert.served.certificate.current", value, AtomicInteger::get)
                    .description("1 when the proxy serves the stored certificate, 0 when it serves an old one")
                    .tags("name", certificate, "target", target)
                    .register(registry);
            return value;
        }).set(current ? 1 : 0);
    }

    /** An alert delivery by a channel ({@code email}, {@code webhook}): sent, or failed after its tries. */
    public void alertDelivery(String channel, boolean sent) {
        Counter.builder("sidecert.alert.deliveries")
                .description("Alert deliveries by channel and result (sent, or failed after retries)")
                .tags("channel", channel, "result", sent ? "sent" : "failed")
                .register(registry).increment();
    }

    /** JVM and process metrics (memory, GC, threads, classes, CPU, uptime, open files); close to unbind. */
    public AutoCloseable bindJvmMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return gc;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private Counter attempts(String certificate, String result) {
        return Counter.builder("sidecert.renewal.attempts")
                .description("Renewal attempts (orders) by certificate and result")
                .tags("name", certificate, "result", result)
                .register(registry);
    }

    private void certificateGauge(String name, String description, Function<CertificateStatus, Optional<Instant>> value) {
        MultiGauge gauge = MultiGauge.builder(name).baseUnit("seconds").description(description).register(registry);
        certificateGauges.add(new CertificateGauge(gauge, s -> value.apply(s).map(SidecertMetrics::seconds)));
    }

    static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** A per-certificate gauge and how to read its value from a status. */
    private record CertificateGauge(MultiGauge gauge, Function<CertificateStatus, Optional<Double>> value) {
        void refresh(List<CertificateStatus> statuses) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (CertificateStatus s : statuses) {
                value.apply(s).ifPresent(v -> rows.add(MultiGauge.Row.of(Tags.of("name", s.name()), v)));
            }
            gauge.register(rows, true);
        }
    }
}
