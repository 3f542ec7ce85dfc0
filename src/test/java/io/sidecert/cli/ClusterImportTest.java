package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.acme.AccountKeys;
import io.sidecert.cluster.Database;
import io.sidecert.cluster.DbAccountKeys;
import io.sidecert.cluster.SecretBox;
import io.sidecert.cluster.SharedVersions;
import io.sidecert.config.ClusterSettings;
import io.sidecert.config.KeyType;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.CertificateState;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.JsonStateStore;
import io.sidecert.testing.PostgresServer;
import io.sidecert.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sidecert cluster import} moves a single node's store into the cluster database: the account key, the state
 * and the current certificate, which then open with the secret file; run again, it keeps what the database has.
 */
@Tag("container")
class ClusterImportTest {
    private static final URI CA = URI.create("https://ca.sidecert.test/dir");

    @TempDir
    Path dir;

    @Test
    void importsAccountStateAndCurrentCertificateOnceAndTheyOpenWithTheSecret() throws Exception {
        try (PostgresServer db = PostgresServer.start()) {
            Files.writeString(dir.resolve("db-password"), db.password());
            Files.writeString(dir.resolve("keys"), "an import test secret, long enough\n");
            Instant now = Instant.now();
            CertificateMaterial issued = TestCertificates.issue(List.of("shop.sidecert.test"), KeyType.EC_P256,
                    now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(80)));
            new CertbotLayoutStore(Files.createDirectories(dir.resolve("certs")), FileModes.defaults(), FileOwnership.unchanged())
                    .save("shop", issued);
            KeyPair account = new AccountKeys(dir.resolve("state")).loadOrCreate(CA);
            CertificateState state = CertificateState.initial("shop").withWaits(Optional.of(now.plusSeconds(600)),
                    Optional.empty());
            new JsonStateStore(dir.resolve("state")).save(state);
            Files.write(dir.resolve("sidecert.conf"), List.of(
                    "acme { ca = \"" + CA + "\" }",
                    "storage { certificates = certs, state = state }",
                    "cluster { jdbc-url = \"" + db.jdbcUrl() + "\", password-file = db-password, secret-file = keys,"
                            + " node-id = importer }",
                    "certificates { shop { domains = [shop.sidecert.test] } }"));

            String first = run("cluster", "import", "--config", dir.resolve("sidecert.conf").toString());
            assertTrue(first.contains("imported 1 account key(s)") && first.contains("1 certificate(s) [shop]")
                    && first.contains("1 state(s)"), first);

            assertEquals(issued.facts().serial().toString(16),
                    db.psql("SELECT serial FROM sidecert_certificate_version WHERE name = 'shop'"));
            assertTrue(db.psql("SELECT state FROM sidecert_certificate_state WHERE name = 'shop'")
                    .contains("nextAttempt"));
            try (Database database = Database.of(new ClusterSettings(db.jdbcUrl(), db.user(), db.password(),
                    dir.resolve("keys"), "reader", Duration.ofSeconds(5), Duration.ofMinutes(1)), 2)) {
                SecretBox secrets = SecretBox.fromFile(dir.resolve("keys"));
                CertificateMaterial opened = new SharedVersions(database, secrets, "reader")
                        .material("shop", issued.facts().serial()).orElseThrow();
                assertEquals(issued.keyPair().getPublic(), opened.keyPair().getPublic());
                assertEquals(issued.chain(), opened.chain());
                assertEquals(account.getPublic(), new DbAccountKeys(database, secrets).loadOrCreate(CA).getPublic());
            }

            String again = run("cluster", "import", "--config", dir.resolve("sidecert.conf").toString());
            assertTrue(again.contains("imported 0 account key(s)") && again.contains("account of " + CA)
                    && again.contains("certificate shop"), again);
            assertEquals("1", db.psql("SELECT count(*) FROM sidecert_certificate_version"));
        }
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of(), Clock.systemUTC());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        assertEquals(0, code, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
        return out.toString();
    }
}
