package io.sidecert.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.Command;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hourly pass when nothing is due, over 1,000 certbot lineages: Debian's {@code certbot renew} against a cold
 * {@code java -jar sidecert.jar check}, each a fresh process as cron or a systemd timer starts it. Prints the medians
 * of {@value #RUNS} runs and how many of sidecert's state files a pass that changes nothing still rewrites (the goal
 * is none); asserts only that the runs completed and that certbot really read every lineage, never a timing.
 */
@Tag("bench")
class IdlePassBench {
    private static final int LINEAGES = 1_000;
    private static final int RUNS = 3;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void certbotRenewAndSidecertCheckOverAThousandLineagesNoneDue() throws IOException {
        Path certbot = onPath("certbot").orElseThrow(() -> new AssertionError(
                "certbot is not on PATH; install Debian's: apt-get install -y certbot"));
        Path jar = shadedJar();
        LineageFarm farm = plant();
        SidecertInstall sidecert = SidecertInstall.write(dir.resolve("sidecert"), farm);

        List<TimedRun> certbotRuns = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            certbotRuns.add(report("certbot renew " + run, TimedRun.of(certbotRenew(certbot, farm))));
        }
        certbotRuns.forEach(IdlePassBench::assertEveryLineageSkipped);

        Command check = sidecertCheck(jar, sidecert);
        report("sidecert warm-up", TimedRun.of(check));
        List<QuietRun> checks = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            checks.add(QuietRun.of(check, sidecert.state(), farm.configDir()));
            report("sidecert check " + run, checks.get(run - 1).run());
        }

        double certbotMedian = TimedRun.medianSeconds(certbotRuns);
        double sidecertMedian = TimedRun.medianSeconds(checks.stream().map(QuietRun::run).toList());
        System.out.printf("BENCH idle-pass: certbot renew median %.2f s, sidecert check median %.2f s,"
                        + " ratio certbot/sidecert %.2f, state files rewritten %d (per run %s; certbot store files"
                        + " %s), %d lineages, load average %s%n",
                certbotMedian, sidecertMedian, certbotMedian / sidecertMedian,
                checks.stream().mapToLong(QuietRun::stateFilesWritten).max().orElseThrow(),
                checks.stream().map(QuietRun::stateFilesWritten).toList(),
                checks.stream().map(QuietRun::storeFilesWritten).toList(), LINEAGES, loadAverage());
        checks.forEach(c -> assertTrue(c.run().exitCode() >= 0, () -> "sidecert check did not finish: "
                + c.run().summary() + "\n" + c.run().lastLines(20)));
    }

    /** A timed sidecert run with what it wrote to its state directory and to certbot's store. */
    private record QuietRun(TimedRun run, long stateFilesWritten, long storeFilesWritten) {
        static QuietRun of(Command check, Path state, Path store) {
            FileTimes stateBefore = FileTimes.under(state);
            FileTimes storeBefore = FileTimes.under(store);
            TimedRun run = TimedRun.of(check);
            return new QuietRun(run, stateBefore.changedIn(FileTimes.under(state)),
                    storeBefore.changedIn(FileTimes.under(store)));
        }
    }

    private LineageFarm plant() throws IOException {
        Instant start = Instant.now();
        LineageFarm farm = LineageFarm.plant(dir.resolve("letsencrypt"), LINEAGES, start);
        System.out.printf("BENCH idle-pass: planted %d lineages in %.1f s%n", LINEAGES,
                Duration.between(start, Instant.now()).toMillis() / 1e3);
        return farm;
    }

    private static Command certbotRenew(Path certbot, LineageFarm farm) throws IOException {
        Path scratch = farm.configDir().resolveSibling("certbot-scratch");
        return Command.of(scratch, TIMEOUT, certbot.toString(), "renew",
                "--config-dir", farm.configDir().toString(),
                "--work-dir", Files.createDirectories(scratch.resolve("work")).toString(),
                "--logs-dir", Files.createDirectories(scratch.resolve("logs")).toString(),
                "--non-interactive");
    }

    /**
     * As the image's {@code sidecert} launcher runs a one-shot command (docker/sidecert.sh): C1 only. {@code check
     * --config}, not {@code --config ... check}: the option given before the command is not passed on to it.
     */
    private static Command sidecertCheck(Path jar, SidecertInstall sidecert) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Command.of(sidecert.config().getParent(), TIMEOUT, java.toString(), "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "check", "--config", sidecert.config().toString());
    }

    /** certbot lists each lineage it found not due as {@code <fullchain> expires on <date> (skipped)}. */
    private static void assertEveryLineageSkipped(TimedRun run) {
        assertEquals(0, run.exitCode(), () -> "certbot renew failed: " + run.summary() + "\n" + run.lastLines(30));
        assertFalse(run.output().contains("were invalid"), () -> "certbot could not read every renewal config:\n"
                + run.lastLines(30));
        assertEquals(LINEAGES, run.output().lines().filter(line -> line.endsWith("(skipped)")).count(),
                () -> "lineages certbot found not due:\n" + run.lastLines(30));
    }

    private static TimedRun report(String label, TimedRun run) {
        System.out.printf("BENCH idle-pass: %-18s %s, load average %s; last lines:%n%s%n", label, run.summary(),
                loadAverage(), run.lastLines(3).indent(4).stripTrailing());
        return run;
    }

    private static Path shadedJar() {
        Path jar = Path.of(System.getProperty("sidecert.jar", "target/sidecert.jar"));
        assertTrue(Files.isRegularFile(jar), () -> jar.toAbsolutePath() + " is missing: run the benchmarks with"
                + " `mvn -Pbench verify`, which builds it in the package phase first");
        return jar;
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The 1, 5 and 15 minute load averages: other work on this machine skews the figures. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/loadavg", e);
        }
    }
}
