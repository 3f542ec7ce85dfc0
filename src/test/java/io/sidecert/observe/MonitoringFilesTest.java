package io.sidecert.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidecert.event.RenewalEvent;
import io.sidecert.observe.metrics.SidecertMetrics;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.testing.PrometheusText;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Prometheus rules and the Grafana dashboard in docker/ use only metrics sidecert exposes, and the rules pass promtool. */
class MonitoringFilesTest {
    private static final Path RULES = Path.of("docker/prometheus/sidecert-rules.yml");
    private static final Path RULES_TEST = Path.of("docker/prometheus/sidecert-rules.test.yml");
    private static final Path DASHBOARD = Path.of("docker/grafana/sidecert-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b((?:sidecert|jvm|process)_[a-z_]+)\\b");

    @Test
    void rulesAndDashboardNameOnlyExposedMetrics() throws Exception {
        Set<String> exposed = exposedMetricNames();
        for (Path file : List.of(RULES, DASHBOARD)) {
            Set<String> used = referenced(Files.readString(file));
            used.removeAll(exposed);
            assertEquals(Set.of(), used, file + " names metrics sidecert does not expose");
        }
    }

    @Test
    void theDashboardIsImportableJson() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertEquals("sidecert", dashboard.get("uid").asText());
        assertTrue(dashboard.get("panels").size() >= 10);
        assertEquals("DS_PROMETHEUS", dashboard.at("/__inputs/0/name").asText());
    }

    @Test
    void promtoolAcceptsAndUnitTestsTheRules() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool not installed (apt-get install prometheus)");
        assertEquals(0, run(promtool.toString(), "check", "rules", RULES.toString()));
        assertEquals(0, run(promtool.toString(), "test", "rules", RULES_TEST.toString()));
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return process.exitValue();
    }

    private static Set<String> referenced(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every series name, with every metric fed once. */
    private static Set<String> exposedMetricNames() throws Exception {
        Instant now = Instant.now();
        SidecertMetrics metrics = new SidecertMetrics(List.of("shop"), Clock.systemUTC());
        try (AutoCloseable jvm = metrics.bindJvmMetrics()) {
            metrics.on(new RenewalEvent.Renewed("shop", List.of("shop.example"), BigInteger.ONE, now, 1, "new",
                    Optional.empty()));
            metrics.on(new RenewalEvent.CheckCompleted(1, 0, 1, Duration.ofSeconds(1)));
            metrics.acmeRequest("new-order", "POST", "201", Duration.ofMillis(5));
            metrics.reload("shop", "nginx", true);
            metrics.servedCertificate("shop", "nginx", true);
            metrics.alertDelivery("email", false);
            metrics.refresh(List.of(new CertificateStatus("shop", List.of("shop.example"), Optional.of("R11"),
                    Optional.of(now), Optional.of(now), Optional.of("renewed"), Optional.empty(), Optional.of(now),
                    Optional.of(now), Optional.of(now), Optional.of(now), 0)));
            return PrometheusText.parse(metrics.scrape()).samples().stream().map(PrometheusText.Sample::name)
                    .collect(Collectors.toSet());
        }
    }
}
