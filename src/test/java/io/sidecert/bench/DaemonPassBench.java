package io.sidecert.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running daemon's safety pass over 1,000 and 10,000 certbot lineages, none due: {@code java -Xmx128m -jar
 * sidecert.jar run}, its hourly pass moved to every 15 seconds. Prints the duration of each pass after the first
 * (which asks the CA, unreachable here, for renewal windows and writes the state), the heap in use and the
 * process's RSS; asserts only that the passes completed within the heap given.
 */
@Tag("bench")
class DaemonPassBench {
    private static final Pattern PASS = Pattern.compile("check done in (\\d+) ms: (\\d+) certificate");
    private static final int PASSES = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} lineages")
    @ValueSource(ints = {1_000, 10_000})
    void theSafetyPassOverLineagesNoneDue(int lineages) throws Exception {
        Instant planting = Instant.now();
        LineageFarm farm = LineageFarm.plant(dir.resolve("letsencrypt"), lineages, planting);
        System.out.printf("BENCH daemon-pass: planted %d lineages in %.1f s%n", lineages,
                Duration.between(planting, Instant.now()).toMillis() / 1e3);
        int port = freePort();
        SidecertInstall install = SidecertInstall.write(dir.resolve("sidecert"), farm, String.join("\n",
                "admin { bind = \"127.0.0.1\", port = " + port + " }",
                "schedule { cron = \"0/15 * * * * ?\" }"));
        Path log = dir.resolve("daemon.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process daemon = new ProcessBuilder(java.toString(), "-Xmx128m", "-jar", jar().toString(), "run",
                "--config", install.config().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            List<Long> passes = awaitPasses(log, daemon, Duration.ofMinutes(4));
            long heapAfterPass = sum(get(URI.create("http://127.0.0.1:" + port + "/metrics")),
                    "jvm_memory_used_bytes\\{area=\"heap\"");
            jcmd(daemon.pid(), "GC.run");
            long heap = liveHeapBytes(jcmd(daemon.pid(), "GC.heap_info"));
            long rss = rssKilobytes(daemon.pid());
            List<Long> later = passes.subList(1, passes.size());
            System.out.printf("BENCH daemon-pass: %d lineages, first pass %d ms, later passes %s ms (median %d ms);"
                            + " heap in use %.1f MB after the pass, %.1f MB live after a full GC, of -Xmx128m; RSS %.1f MB;"
                            + " load average %s%n",
                    lineages, passes.get(0), later, median(later), heapAfterPass / 1e6, heap / 1e6, rss / 1e3,
                    loadAverage());
            assertTrue(daemon.isAlive(), "the daemon still runs with a 128 MB heap");
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    private static List<Long> awaitPasses(Path log, Process daemon, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            List<Long> passes = new ArrayList<>();
            Matcher m = PASS.matcher(Files.readString(log));
            while (m.find()) {
                passes.add(Long.parseLong(m.group(1)));
            }
            if (passes.size() >= PASSES) {
                return passes;
            }
            assertTrue(daemon.isAlive(), () -> "the daemon ended:\n" + tail(log));
            Thread.sleep(500);
        }
        throw new AssertionError("fewer than " + PASSES + " passes within " + timeout + ":\n" + tail(log));
    }

    /** What stays live: the heap in use after a full collection, as the JVM itself reports it. */
    private static long liveHeapBytes(String heapInfo) {
        Matcher used = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K").matcher(heapInfo);
        assertTrue(used.find(), heapInfo);
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return output;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long sum(String metrics, String prefix) {
        Pattern line = Pattern.compile("^" + prefix + "[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }

    private static long rssKilobytes(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                .findFirst().orElse(-1);
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("sidecert.jar", "target/sidecert.jar"));
        assertTrue(Files.isRegularFile(jar), () -> jar.toAbsolutePath() + " is missing: run `mvn -Pbench verify`");
        return jar;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
