package io.sidecert.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.AcmeFrontProxy;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import io.sidecert.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the node that is in the middle of an order: the other node takes the job over once the dead one
 * misses its check-ins, looks again under the certificate's lock and completes it. Pebble's validation sleeps (0 to
 * 15 s, as by default) so that the order is still open when the node dies.
 */
@Tag("container")
class ClusterFailoverTest {
    private static final List<String> CERTIFICATES = List.of("f0", "f1", "f2");

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults().withVaNoSleep(false));

    @TempDir
    Path dir;

    @Test
    void theOtherNodeCompletesTheOrderOfANodeKilledInTheMiddle() throws Exception {
        try (PostgresServer db = PostgresServer.start();
                AcmeFrontProxy front = new AcmeFrontProxy(PEBBLE.ca(), dir).start()) {
            Path secrets = NodeProcess.writeSecrets(dir, db);
            Map<String, NodeProcess> nodes = Stream.of("node-a", "node-b").map(id -> configure(id, db, front, secrets))
                    .collect(Collectors.toMap(n -> n.id, Function.identity()));
            try {
                for (NodeProcess node : nodes.values()) {
                    node.start();
                }
                await(Duration.ofMinutes(2), () -> front.orders().stream().anyMatch(o -> o.status() == 201)
                        && !executing(db).isEmpty(), "a node has placed an order", nodes.values());
                String victim = executing(db);
                assertTrue(Integer.parseInt(db.psql("SELECT count(*) FROM sidecert_certificate_version"))
                        < CERTIFICATES.size(), "killed while an order was still open");
                nodes.get(victim).kill();
                Instant killed = Instant.now();
                NodeProcess survivor = nodes.values().stream().filter(n -> !n.id.equals(victim)).findFirst().orElseThrow();

                await(Duration.ofMinutes(3), () -> CERTIFICATES.stream().allMatch(c -> survivor.liveSerial(c).isPresent()),
                        "the survivor completes every certificate", nodes.values());
                Duration takeover = Duration.between(killed, Instant.now());
                System.out.println("[ClusterFailoverTest] " + victim + " killed in an order; " + survivor.id
                        + " had all " + CERTIFICATES.size() + " certificates " + takeover.toMillis() + " ms later");

                assertEquals(Integer.toString(CERTIFICATES.size()), db.psql(
                        "SELECT count(*) FROM sidecert_certificate_version"), "one version per certificate");
                for (String certificate : CERTIFICATES) {
                    assertEquals(survivor.liveSerial(certificate).orElseThrow().toString(16), db.psql(
                            "SELECT serial FROM sidecert_certificate_version WHERE name = '" + certificate + "'"));
                    survivor.live(certificate);   // key matches
                    // The dead node's files are whole: a placeholder or a complete version, never half of one.
                    nodes.get(victim).live(certificate);
                }
                try (Stream<Path> files = Files.walk(nodes.get(victim).dir.resolve("certs"))) {
                    assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith(".tmp")),
                            "no temporary file left visible in live/");
                }
                // Detection (check-in 2 s + Quartz's 7.5 s), then the recovered pass orders anew (validation sleeps
                // up to 15 s at this Pebble).
                assertTrue(takeover.compareTo(Duration.ofSeconds(45)) < 0, "taken over within 45 s: " + takeover);
            } finally {
                for (NodeProcess node : nodes.values()) {
                    node.close();
                }
            }
        }
    }

    /** The node whose job is running now, from Quartz's table of fired triggers; empty when none. */
    private static String executing(PostgresServer db) {
        try {
            return db.psql("SELECT instance_name FROM qrtz_fired_triggers WHERE state = 'EXECUTING' LIMIT 1").trim();
        } catch (IllegalStateException notMigratedYet) {
            return "";
        }
    }

    private NodeProcess configure(String id, PostgresServer db, AcmeFrontProxy front, Path secrets) {
        try {
            return NodeProcess.configure(dir, id, db, secrets,
                    "ca = \"" + front.directoryUrl() + "\", email = \"ops@sidecert.test\", trust-pem = \""
                            + front.trustPem() + "\"",
                    "mode = webroot, webroot = \"" + PEBBLE.ca().site().webroot() + "\"",
                    "targets = []",
                    IntStream.range(0, CERTIFICATES.size()).mapToObj(i -> CERTIFICATES.get(i) + " { domains = ["
                            + CERTIFICATES.get(i) + ".sidecert.test] }").toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(Duration timeout, java.util.function.BooleanSupplier condition, String what,
            java.util.Collection<NodeProcess> nodes) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                StringBuilder logs = new StringBuilder();
                nodes.forEach(n -> logs.append("\n--- ").append(n.id).append('\n').append(n.logText()));
                throw new AssertionError("timed out waiting for: " + what + logs);
            }
            Thread.sleep(50);
        }
    }
}
