package io.sidecert.observe.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sidecert.observe.health.HealthReport;
import io.sidecert.renew.CertificateStatus;
import java.io.UncheckedIOException;
import io.sidecert.cluster.ClusterStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The JSON of {@code /health} and {@code /status}. Times are ISO-8601 UTC; absent values are null. */
final class StatusDocument {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private StatusDocument() {
    }

    /** {@code {"status": "ok", "reasons": [], "time": "..."}}. */
    static String health(HealthReport report) {
        return write(healthNode(report));
    }

    static String status(HealthReport health, Optional<Instant> lastCheck, Instant nextCheck, List<CertificateView> views,
            Optional<ClusterStatus> cluster) {
        ObjectNode root = JSON.createObjectNode();
        root.put("time", health.at().toString());
        root.set("health", healthNode(health));
        root.put("lastCheck", lastCheck.map(Instant::toString).orElse(null));
        root.put("nextCheck", nextCheck.toString());
        cluster.ifPresent(c -> root.set("cluster", cluster(c)));
        ArrayNode certificates = root.putArray("certificates");
        for (CertificateView view : views) {
            certificates.add(certificate(view));
        }
        return write(root);
    }

    /** {@code {"node": "a", "nodes": [{"node", "lastCheckIn", "checkInIntervalMs"}], "running": [{"job", "node", "since"}]}}. */
    private static ObjectNode cluster(ClusterStatus status) {
        ObjectNode node = JSON.createObjectNode();
        node.put("node", status.node());
        ArrayNode nodes = node.putArray("nodes");
        for (ClusterStatus.Member member : status.nodes()) {
            nodes.addObject().put("node", member.node()).put("lastCheckIn", member.lastCheckIn().toString())
                    .put("checkInIntervalMs", member.checkInIntervalMillis());
        }
        ArrayNode running = node.putArray("running");
        for (ClusterStatus.RunningJob job : status.running()) {
            running.addObject().put("job", job.job()).put("node", job.node()).put("since", job.since().toString());
        }
        return node;
    }

    private static ObjectNode healthNode(HealthReport report) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", report.status().label());
        ArrayNode reasons = node.putArray("reasons");
        report.reasons().forEach(reasons::add);
        node.put("time", report.at().toString());
        return node;
    }

    private static ObjectNode certificate(CertificateView view) {
        CertificateStatus s = view.status();
        ObjectNode node = JSON.createObjectNode();
        node.put("name", s.name());
        ArrayNode domains = node.putArray("domains");
        s.domains().forEach(domains::add);
        node.put("state", view.state());
        node.put("standing", s.standing().label());
        node.put("issuer", s.issuer().orElse(null));
        node.put("notBefore", time(s.notBefore()));
        node.put("notAfter", time(s.notAfter()));
        node.put("renewalPoint", time(s.renewalPoint()));
        node.put("nextRenewal", time(s.nextRenewal()));
        node.put("nextAction", s.nextAction().map(a -> a.kind().label()).orElse(null));
        node.put("nextActionAt", time(s.nextAction().map(a -> a.at())));
        node.put("lifetimeUsed", view.lifetimeUsed().orElse(null));
        node.put("renewalAt", view.renewalAt().orElse(null));
        node.put("lastResult", s.lastResult().orElse(null));
        node.put("lastAttempt", time(s.lastAttempt()));
        node.put("lastRenewal", time(s.lastSuccess()));
        node.put("lastError", s.lastError().orElse(null));
        node.put("consecutiveFailures", s.consecutiveFailures());
        return node;
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
