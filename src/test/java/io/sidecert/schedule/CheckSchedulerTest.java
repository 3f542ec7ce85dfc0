package io.sidecert.schedule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CheckSchedulerTest {
    // A cron that does not fire during the test: only the start-up check runs.
    private static final String YEARLY = "0 0 0 1 1 ?";

    @Test
    void theStartUpCheckRunsAtOnceByDefault() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (CheckScheduler scheduler = CheckScheduler.start(YEARLY, ran::countDown)) {
            assertTrue(ran.await(5, TimeUnit.SECONDS), "the start-up check ran");
        }
    }

    @Test
    void theStartUpCheckWaitsForTheGivenDelay() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Instant started = Instant.now();
        try (CheckScheduler scheduler = CheckScheduler.start(YEARLY, ran::countDown, Duration.ofSeconds(2))) {
            assertTrue(ran.await(10, TimeUnit.SECONDS), "the start-up check ran");
        }
        Duration waited = Duration.between(started, Instant.now());
        assertTrue(waited.compareTo(Duration.ofMillis(1_900)) >= 0, "waited " + waited);
    }
}
