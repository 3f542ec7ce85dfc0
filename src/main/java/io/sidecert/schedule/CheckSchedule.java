package io.sidecert.schedule;

import io.sidecert.store.AtomicFile;
import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The cron expression of the hourly check. Unless configured, it runs at a minute picked at random once
 * per install and remembered in the state directory, never at :00, so thousands of installs do not all
 * hit the CA in the same second (Let's Encrypt's advice).
 */
public final class CheckSchedule {
    private CheckSchedule() {
    }

    public static String cron(Optional<String> configured, Path stateDir, RandomGenerator random) throws IOException {
        if (configured.isPresent()) {
            return configured.get();
        }
        int minute = installMinute(stateDir, random);
        return "0 " + minute + " * * * ?";
    }

    static int installMinute(Path stateDir, RandomGenerator random) throws IOException {
        Path file = stateDir.resolve("schedule-minute");
        if (Files.exists(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (text.matches("[1-5]?[0-9]") && !text.equals("0")) {
                return Integer.parseInt(text);
            }
        }
        int minute = 1 + random.nextInt(59);
        PrivateFiles.directory(stateDir);
        AtomicFile.write(file, (minute + "\n").getBytes(StandardCharsets.US_ASCII), PrivateFiles.FILE);
        return minute;
    }
}
