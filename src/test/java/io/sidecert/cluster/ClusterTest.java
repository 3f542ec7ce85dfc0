package io.sidecert.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.Placeholders;
import io.sidecert.testing.AcmeFrontProxy;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import io.sidecert.testing.PostgresServer;
import io.sidecert.testing.TlsProxy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several sidecert nodes, each its own JVM with its own files and its own nginx, sharing one PostgreSQL and one
 * Pebble: every certificate is ordered once, every node ends up with every certificate and reloads its proxy, a
 * node started later catches up without ordering, and the database restarting or missing at a node's start loses
 * nothing. The tests build on each other, in order.
 */
@Tag("container")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    private static final int CERTIFICATES = 30;
    /** The certificate each node's nginx serves. */
    private static final String SERVED = "c00";

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    @TempDir
    static Path dir;
    static PostgresServer db;
    static AcmeFrontProxy front;
    static Path secrets;
    static final List<NodeProcess> nodes = new ArrayList<>();
    static final Map<String, TlsProxy> proxies = new HashMap<>();
    /** How many certificates the nodes' domains.conf lists now. */
    static int configured = CERTIFICATES;

    @BeforeAll
    static void start() throws Exception {
        db = PostgresServer.start();
        front = new AcmeFrontProxy(PEBBLE.ca(), dir).start();
        secrets = NodeProcess.writeSecrets(dir, db);
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
        proxies.values().forEach(TlsProxy::close);
        if (front != null) {
            front.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    @Order(1)
    void threeNodesOrderEachCertificateOnceAndEveryNodeServesIt() throws Exception {
        Instant started = Instant.now();
        for (int i = 1; i <= 3; i++) {
            nodes.add(node("node-" + i).start());
        }
        awaitTrue(Duration.ofMinutes(4), () -> currentInDatabase() == CERTIFICATES && nodes.stream().allMatch(
                this::holdsTheDatabaseVersions), "30 certificates in the database and on every node");
        Duration issued = Duration.between(started, Instant.now());
        BigInteger served = new BigInteger(db.psql("SELECT serial FROM sidecert_certificate_version WHERE name = '"
                + SERVED + "'"), 16);
        for (NodeProcess node : nodes) {
            awaitTrue(Duration.ofSeconds(30), () -> served.equals(proxies.get(node.id).servedSerial(host(SERVED))),
                    node.id + "'s nginx serves " + SERVED + " as ordered");
            assertTrue(proxies.get(node.id).reloads() >= 1, node.id + " reloaded its proxy");
            for (int c = 0; c < CERTIFICATES; c++) {
                node.live(name(c));   // the store checks that the key belongs to the certificate
            }
        }
        // Only node-1's webroot is served: what another node ordered validated through the answers node-1 served.
        System.out.println("[ClusterTest] 3 nodes issued " + CERTIFICATES + " certificates in " + issued.toMillis()
                + " ms; stored by " + db.psql("SELECT stored_by, count(*) FROM sidecert_certificate_version"
                + " GROUP BY stored_by ORDER BY 1").replace('\n', ' '));
        assertEquals(CERTIFICATES, newOrders(), "one order per certificate at the CA: " + front.orders());
        assertEquals(Integer.toString(CERTIFICATES), db.psql("SELECT count(*) FROM sidecert_certificate_version"));
        assertEquals("3", db.psql("SELECT count(*) FROM qrtz_scheduler_state"), "three nodes checked in");
        assertEquals("0", db.psql("SELECT count(*) FROM sidecert_http01_token"), "every published answer withdrawn");
        String status = nodes.get(0).status();
        for (NodeProcess node : nodes) {
            assertTrue(status.contains("\"node\" : \"" + node.id + "\""), "/status lists " + node.id + ":\n" + status);
        }
    }

    @Test
    @Order(2)
    void noPrivateKeyIsReadableInTheDatabaseOrTheLogs() {
        String dump = db.psql("SELECT key_sealed FROM sidecert_certificate_version")
                + db.psql("SELECT key_sealed FROM sidecert_account_key")
                + db.psql("SELECT encode(key_sealed, 'escape') FROM sidecert_certificate_version");
        assertFalse(dump.isBlank());
        assertFalse(dump.contains("PRIVATE KEY"), "a key in the clear in the database");
        assertFalse(dump.contains("MII") || dump.contains("MHc"), "base64 DER of a key in the database");
        for (NodeProcess node : nodes) {
            assertFalse(node.logText().contains("PRIVATE KEY"), node.id + " logged a key");
        }
    }

    @Test
    @Order(3)
    void aNodeStartedLaterCatchesUpBeforeItsFirstReloadAndOrdersNothing() throws Exception {
        int ordersBefore = newOrders();
        Instant started = Instant.now();
        NodeProcess late = node("node-4").start();
        nodes.add(late);
        awaitTrue(Duration.ofMinutes(1), () -> holdsTheDatabaseVersions(late), "the late node holds all 30");
        Duration caughtUp = Duration.between(started, Instant.now());
        BigInteger served = late.liveSerial(SERVED).orElseThrow();
        awaitTrue(Duration.ofSeconds(30), () -> served.equals(proxies.get(late.id).servedSerial(host(SERVED))),
                "the late node's nginx serves the current " + SERVED);
        System.out.println("[ClusterTest] a late node caught up with " + CERTIFICATES + " certificates in "
                + caughtUp.toMillis() + " ms");
        assertEquals(1, proxies.get(late.id).reloads(), "one reload, with every certificate current:\n"
                + late.logText());
        assertEquals(ordersBefore, newOrders(), "the late node ordered nothing");
    }

    @Test
    @Order(4)
    void aDatabaseRestartDuringRenewalsLosesNothingAndOrdersNothingTwice() throws Exception {
        int ordersBefore = newOrders();
        // Ten certificates are added on every node (as an edited domains.conf on a shared config would be).
        configured = CERTIFICATES + 10;
        List<String> all = new ArrayList<>(specs(configured));
        for (NodeProcess node : nodes) {
            java.nio.file.Files.writeString(node.dir.resolve("domains.conf"), "certificates {\n  "
                    + String.join("\n  ", all) + "\n}\n");
        }
        awaitTrue(Duration.ofMinutes(1), () -> newOrders() > ordersBefore, "the new certificates are being ordered");
        db.restart();
        awaitTrue(Duration.ofMinutes(4), () -> currentInDatabase() == CERTIFICATES + 10 && nodes.stream().allMatch(
                this::holdsTheDatabaseVersions), "40 certificates in the database and on every node");
        assertEquals(ordersBefore + 10, newOrders(), () -> "one order per new certificate: " + front.orders()
                + logs());
        assertEquals(Integer.toString(CERTIFICATES + 10), db.psql("SELECT count(*) FROM sidecert_certificate_version"));
    }

    @Test
    @Order(5)
    void aNodeStartedWhileTheDatabaseIsDownServesItsFilesReportsDegradedAndJoinsLater() throws Exception {
        db.stop();
        NodeProcess node = node("node-5").start();
        nodes.add(node);
        node.awaitAdmin(Duration.ofSeconds(60));
        awaitTrue(Duration.ofSeconds(30), () -> health(node).contains("degraded")
                && health(node).contains("database"), "degraded, naming the database: " + health(node));
        db.boot();
        awaitTrue(Duration.ofMinutes(1), () -> holdsTheDatabaseVersions(node), "node-5 caught up once the database"
                + " was back");
        awaitTrue(Duration.ofSeconds(30), () -> !health(node).contains("database"), "healthy again");
    }

    // --- helpers

    private NodeProcess node(String id) throws Exception {
        NodeProcess node = NodeProcess.configure(dir, id, db, secrets,
                "ca = \"" + front.directoryUrl() + "\", email = \"ops@sidecert.test\", trust-pem = \""
                        + front.trustPem() + "\"",
                "mode = webroot, webroot = \"" + webroot(id) + "\"",
                "targets = [ { label = \"" + proxyFor(id).label() + "\" } ], verify.timeout = 20s",
                specs(configured));
        return node;
    }

    /**
     * The CA reaches node-1's webroot only; every other node answers into a webroot of its own that no one serves, so
     * their orders validate only if node-1 serves the answers they publish (as any node's proxy would have to).
     */
    private static Path webroot(String id) throws java.io.IOException {
        return id.equals("node-1") ? PEBBLE.ca().site().webroot()
                : java.nio.file.Files.createDirectories(dir.resolve(id).resolve("webroot"));
    }

    /** nginx serves every certificate, and needs the files before it starts: placeholders, as the node writes them. */
    private TlsProxy proxyFor(String id) throws Exception {
        Path certs = java.nio.file.Files.createDirectories(dir.resolve(id).resolve("certs"));
        CertbotLayoutStore store = new CertbotLayoutStore(certs, FileModes.defaults(), FileOwnership.unchanged());
        Map<String, String> sites = new HashMap<>();
        for (int c = 0; c < CERTIFICATES + 10; c++) {
            store.save(name(c), Placeholders.create(List.of(host(name(c))), Instant.now()));
            sites.put(name(c), host(name(c)));
        }
        TlsProxy proxy = TlsProxy.start(certs, sites);
        proxies.put(id, proxy);
        return proxy;
    }

    private static List<String> specs(int count) {
        return IntStream.range(0, count).mapToObj(c -> name(c) + " { domains = [" + host(name(c)) + "] }").toList();
    }

    private static String name(int c) {
        return String.format("c%02d", c);
    }

    private static String host(String name) {
        return name + ".sidecert.test";
    }

    private static int newOrders() {
        return (int) front.orders().stream().filter(o -> o.status() == 201).count();
    }

    private static int currentInDatabase() {
        try {
            return Integer.parseInt(db.psql("SELECT count(DISTINCT name) FROM sidecert_certificate_version"));
        } catch (RuntimeException e) {
            return -1;   // not migrated yet, or restarting
        }
    }

    private boolean holdsTheDatabaseVersions(NodeProcess node) {
        String rows;
        try {
            rows = db.psql("SELECT DISTINCT ON (name) name, serial FROM sidecert_certificate_version"
                    + " ORDER BY name, not_before DESC, id DESC");
        } catch (RuntimeException e) {
            return false;
        }
        List<String> lines = rows.lines().toList();
        if (lines.size() < CERTIFICATES) {
            return false;
        }
        for (String line : lines) {
            String[] cells = line.split("\\|");
            if (!node.liveSerial(cells[0]).equals(java.util.Optional.of(new BigInteger(cells[1], 16)))) {
                return false;
            }
        }
        return true;
    }

    private static String health(NodeProcess node) {
        try {
            return node.health();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }

    private void awaitTrue(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for: " + what + logs());
            }
            Thread.sleep(250);
        }
    }

    /** What the nodes logged lately, without the reload chatter, for a failure's message. */
    private static String logs() {
        StringBuilder logs = new StringBuilder();
        for (NodeProcess node : nodes) {
            String log = node.logText().lines().filter(l -> !l.contains("serves the new certificate")
                    && !l.startsWith("\t")).collect(java.util.stream.Collectors.joining("\n"));
            logs.append("\n--- ").append(node.id).append(" (last 6000 chars)\n")
                    .append(log.substring(Math.max(0, log.length() - 6000)));
        }
        return logs.toString();
    }
}
