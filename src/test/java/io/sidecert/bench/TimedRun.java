package io.sidecert.bench;

import io.sidecert.testing.Command;
import java.time.Duration;
import java.util.List;

/** One run of a command, timed by the wall clock from process start to exit. */
record TimedRun(Command.Result result, Duration wall) {

    static TimedRun of(Command command) {
        long start = System.nanoTime();
        Command.Result result = command.run();
        return new TimedRun(result, Duration.ofNanos(System.nanoTime() - start));
    }

    int exitCode() {
        return result.exitCode();
    }

    String output() {
        return result.output();
    }

    double seconds() {
        return wall.toNanos() / 1e9;
    }

    /** The last {@code count} lines of output, for a report. */
    String lastLines(int count) {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /** e.g. {@code exit 0, 3.214 s, 81234 chars of output}. */
    String summary() {
        return String.format("exit %d, %.3f s, %d chars of output", exitCode(), seconds(), output().length());
    }

    static double medianSeconds(List<TimedRun> runs) {
        double[] sorted = runs.stream().mapToDouble(TimedRun::seconds).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
