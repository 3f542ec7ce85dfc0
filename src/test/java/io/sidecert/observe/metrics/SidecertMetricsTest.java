package io.sidecert.observe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.testing.PrometheusText;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SidecertMetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final SidecertMetrics metrics = new SidecertMetrics(List.of("shop", "api"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void perCertificateGaugesCarryTheNameLabelAndEpochSeconds() {
        Instant notBefore = NOW.minus(Duration.ofDays(10));
        Instant notAfter = NOW.plus(Duration.ofDays(80));
        metrics.refresh(List.of(new CertificateStatus("shop", List.of("shop.example"), Optional.of("R11"),
                Optional.of(notAfter), Optional.of(NOW.plus(Duration.ofDays(50))), Optional.of("renewed"),
                Optional.empty(), Optional.of(notBefore), Optional.of(NOW.plus(Duration.ofDays(50))),
                Optional.of(notBefore), Optional.of(notBefore), 0), missing("api")));

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        Map<String, String> shop = Map.of("name", "shop");
        assertEquals(Optional.of((double) notAfter.getEpochSecond()),
                scrape.value("sidecert_certificate_expiration_timestamp_seconds", shop));
        assertEquals(Optional.of((double) notBefore.getEpochSecond()),
                scrape.value("sidecert_certificate_not_before_timestamp_seconds", shop));
        assertTrue(scrape.value("sidecert_certificate_next_renewal_timestamp_seconds", shop).isPresent());
        assertTrue(scrape.value("sidecert_certificate_renewal_timestamp_seconds", shop).isPresent());
        assertTrue(scrape.value("sidecert_certificate_last_renewal_timestamp_seconds", shop).isPresent());
        assertEquals(Optional.of(1.0), scrape.value("sidecert_certificate_last_result", Map.of("name", "shop", "result", "renewed")));
        assertEquals(List.of(), scrape.find("sidecert_certificate_expiration_timestamp_seconds", Map.of("name", "api")),
                "no certificate, no series (rather than a made-up 0)");
        assertEquals(Optional.of(1.0), scrape.value("sidecert_certificate_consecutive_failures", Map.of("name", "api")));
        assertEquals(Optional.of("gauge"), scrape.type("sidecert_certificate_expiration_timestamp_seconds"));
    }

    @Test
    void countsAttemptsByResultStartingAtZeroAndTimesChecks() {
        metrics.on(new RenewalEvent.Renewed("shop", List.of("shop.example"), BigInteger.TEN, NOW, 2, "expiring",
                Optional.empty()));
        metrics.on(new RenewalEvent.Failed("api", "validate", "[api] validate: no", 1, Optional.of(NOW)));
        metrics.on(new RenewalEvent.Failed("api", "validate", "[api] validate: no", 2, Optional.of(NOW)));
        metrics.on(new RenewalEvent.CheckCompleted(1, 1, 2, Duration.ofMillis(1500)));

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        String attempts = "sidecert_renewal_attempts_total";
        assertEquals(Optional.of(1.0), scrape.value(attempts, Map.of("name", "shop", "result", "renewed")));
        assertEquals(Optional.of(0.0), scrape.value(attempts, Map.of("name", "shop", "result", "failed")));
        assertEquals(Optional.of(2.0), scrape.value(attempts, Map.of("name", "api", "result", "failed")));
        assertEquals(Optional.of("counter"), scrape.type(attempts));
        assertEquals(Optional.of(1.0), scrape.value("sidecert_check_duration_seconds_count", Map.of()));
        assertEquals(Optional.of(1.5), scrape.value("sidecert_check_duration_seconds_sum", Map.of()));
        assertEquals(Optional.of((double) NOW.getEpochSecond()),
                scrape.value("sidecert_check_last_completed_timestamp_seconds", Map.of()));
        assertTrue(scrape.value("sidecert_check_last_success_timestamp_seconds", Map.of()).orElseThrow().isNaN(),
                "that check had a failure");
        assertEquals(Optional.of(1.0), scrape.value("sidecert_check_failed_certificates", Map.of()));
    }

    @Test
    void acmeRequestsReloadsAndServedChecksHaveTheirLabels() {
        metrics.acmeRequest("new-order", "POST", "201", Duration.ofMillis(120));
        metrics.acmeRequest("new-order", "POST", "201", Duration.ofMillis(80));
        metrics.acmeRequest("directory", "GET", "io_error", Duration.ofSeconds(10));
        metrics.reload("shop", "nginx", false);
        metrics.servedCertificate("shop", "nginx", false);
        metrics.servedCertificate("shop", "nginx", true);
        metrics.alertDelivery("email", true);

        PrometheusText scrape = PrometheusText.parse(metrics.scrape());

        assertEquals(Optional.of(2.0), scrape.value("sidecert_acme_requests_seconds_count",
                Map.of("endpoint", "new-order", "method", "POST", "status", "201")));
        assertEquals(Optional.of(0.2), scrape.value("sidecert_acme_requests_seconds_sum",
                Map.of("endpoint", "new-order", "method", "POST", "status", "201")).map(v -> Math.round(v * 1000) / 1000.0));
        assertEquals(Optional.of(2.0), scrape.value("sidecert_acme_requests_seconds_bucket",
                Map.of("endpoint", "new-order", "le", "0.25")), "latency buckets for histogram_quantile");
        assertEquals(Optional.of(1.0), scrape.value("sidecert_acme_requests_seconds_count",
                Map.of("endpoint", "directory", "status", "io_error")));
        assertEquals(Optional.of(1.0), scrape.value("sidecert_reloads_total",
                Map.of("name", "shop", "target", "nginx", "result", "failure")));
        assertEquals(Optional.of(1.0), scrape.value("sidecert_served_certificate_checks_total",
                Map.of("name", "shop", "target", "nginx", "result", "stale")));
        assertEquals(Optional.of(1.0), scrape.value("sidecert_served_certificate_current",
                Map.of("name", "shop", "target", "nginx")));
        assertEquals(Optional.of(1.0), scrape.value("sidecert_alert_deliveries_total",
                Map.of("channel", "email", "result", "sent")));
    }

    @Test
    void jvmAndProcessMetricsAreThereOnceBound() throws Exception {
        try (AutoCloseable jvm = metrics.bindJvmMetrics()) {
            PrometheusText scrape = PrometheusText.parse(metrics.scrape());

            for (String name : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds",
                    "process_cpu_usage", "system_cpu_count", "jvm_classes_loaded_classes", "process_files_open_files")) {
                assertTrue(!scrape.find(name, Map.of()).isEmpty(), name);
            }
        }
    }

    private static CertificateStatus missing(String name) {
        return new CertificateStatus(name, List.of(name + ".example"), Optional.empty(), Optional.empty(),
                Optional.of(NOW), Optional.of("failed"), Optional.of("[" + name + "] order: no"), Optional.empty(),
                Optional.empty(), Optional.of(NOW), Optional.empty(), 1);
    }
}
