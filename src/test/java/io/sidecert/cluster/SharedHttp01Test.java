package io.sidecert.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.challenge.ChallengeTask;
import io.sidecert.challenge.http01.WebrootSolver;
import io.sidecert.config.ClusterSettings;
import io.sidecert.testing.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP-01 answers shared through the database: what node A presents, node B serves from its own webroot once it
 * syncs, and A waits for B's acknowledgement before the CA is told to validate; A's cleanup withdraws it from B.
 */
@Tag("container")
class SharedHttp01Test {
    private static final ChallengeTask TASK = new ChallengeTask("shop", "shop.sidecert.test", "tok-EN_1",
            "tok-EN_1.thumbprint");

    @TempDir
    Path dir;

    @Test
    void anAnswerPresentedOnOneNodeIsServedByTheOtherUntilCleanedUp() throws Exception {
        try (PostgresServer db = PostgresServer.start();
                Database database = Database.of(new ClusterSettings(db.jdbcUrl(), db.user(), db.password(),
                        dir.resolve("keys"), "test", Duration.ofSeconds(5), Duration.ofMinutes(1)), 4)) {
            database.migrate();
            long now = System.currentTimeMillis();
            for (String node : List.of("a", "b")) {   // both check in, as Quartz does for running nodes
                db.psql("INSERT INTO qrtz_scheduler_state VALUES ('sidecert', '" + node + "', " + now + ", 5000)");
            }
            SharedHttp01 a = new SharedHttp01(new WebrootSolver(dir.resolve("a")), database, "a", Duration.ofSeconds(5));
            SharedHttp01 b = new SharedHttp01(new WebrootSolver(dir.resolve("b")), database, "b", Duration.ofSeconds(5));
            Path servedByB = dir.resolve("b/.well-known/acme-challenge/" + TASK.token());

            a.present(TASK);
            assertTrue(Files.exists(dir.resolve("a/.well-known/acme-challenge/" + TASK.token())));
            Thread waiting = new Thread(() -> {
                try {
                    a.awaitVisible(List.of(TASK));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Instant started = Instant.now();
            waiting.start();
            Thread.sleep(300);
            assertTrue(waiting.isAlive(), "A waits while B has not acknowledged");
            b.sync();
            waiting.join(5_000);
            assertFalse(waiting.isAlive(), "A goes on once B serves the answer");
            assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(5)) < 0);
            assertEquals(TASK.keyAuthorization(), Files.readString(servedByB));

            a.cleanUp(TASK);
            b.sync();
            assertFalse(Files.exists(servedByB), "withdrawn on every node");
            assertEquals("0", db.psql("SELECT count(*) FROM sidecert_http01_token"));
        }
    }
}
