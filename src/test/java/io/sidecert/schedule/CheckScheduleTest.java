package io.sidecert.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;

class CheckScheduleTest {
    @TempDir
    Path state;

    @Test
    void hourlyAtAMinutePickedOnceAndNeverOnTheHour() throws Exception {
        for (int seed = 0; seed < 200; seed++) {
            Path dir = state.resolve("install" + seed);
            int minute = CheckSchedule.installMinute(dir, new Random(seed));
            assertTrue(minute >= 1 && minute <= 59, "minute " + minute);
        }
    }

    @Test
    void theMinuteSurvivesRestarts() throws Exception {
        String first = CheckSchedule.cron(Optional.empty(), state, new Random(1));
        String second = CheckSchedule.cron(Optional.empty(), state, new Random(2));

        assertEquals(first, second);
        assertTrue(CronExpression.isValidExpression(first), first);
    }

    @Test
    void aConfiguredCronWins() throws Exception {
        assertEquals("0 5 3 * * ?", CheckSchedule.cron(Optional.of("0 5 3 * * ?"), state, new Random()));
    }
}
