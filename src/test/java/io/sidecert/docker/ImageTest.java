package io.sidecert.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.Command;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sidecert image built from {@code docker/Dockerfile}: its command, its user, its runtime, its metadata. */
@Tag("container")
class ImageTest {
    private static final String IMAGE = ProjectImages.SIDECERT;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(1);

    @BeforeAll
    static void images() {
        ProjectImages.build();
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() {
        Command.Result help = docker("run", "--rm", IMAGE, "--help");

        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("Usage: sidecert"), help.output());
        assertTrue(help.output().contains("list"), help.output());
    }

    @Test
    void listWorksWithTheConfigurationBakedIntoTheImage() {
        Command.Result list = docker("run", "--rm", IMAGE, "list");

        assertEquals(0, list.exitCode(), list.output());
        assertTrue(list.output().contains("NAME"), list.output());
        assertTrue(list.output().contains("shop.example.com"), "the names of config/domains.conf: " + list.output());
    }

    @Test
    void theDaemonRunsAsANonRootUserAndStopsCleanlyOnSigterm() throws Exception {
        // A CA nobody answers on: the first check fails at once and backs off, nothing leaves this machine.
        String container = docker("run", "-d", "-e", "SIDECERT_ACME_CA=http://localhost:9/dir", IMAGE)
                .output().trim();
        try {
            waitForLog(container, "first pass");
            String processes = docker("top", container, "-eo", "uid,pid,args").output();
            assertTrue(processes.lines().anyMatch(line -> line.startsWith("10001 ") && line.contains("java")),
                    processes);

            Instant stopping = Instant.now();
            docker("stop", "--time", "15", container);
            Duration stop = Duration.between(stopping, Instant.now());
            assertTrue(stop.compareTo(Duration.ofSeconds(10)) < 0, "stopped in " + stop.toMillis() + " ms");
            assertTrue(docker("logs", container).output().contains("stopped"), "the daemon stopped cleanly");
            assertEquals("0", docker("inspect", "-f", "{{.State.ExitCode}}", container).output().trim(),
                    "a clean stop exits 0");
        } finally {
            docker("rm", "-f", "-v", container);
        }
    }

    @Test
    void theRuntimeIsJlinkedWithTheModulesSidecertNeedsAndNoJdk() {
        Command.Result modules = docker("run", "--rm", "--entrypoint", "/opt/sidecert/runtime/bin/java", IMAGE,
                "--list-modules");

        assertEquals(0, modules.exitCode(), modules.output());
        for (String module : List.of("java.base@", "jdk.crypto.ec@", "jdk.httpserver@", "java.naming@",
                "java.management@", "java.net.http@")) {
            assertTrue(modules.output().lines().anyMatch(line -> line.startsWith(module)), module + " in\n"
                    + modules.output());
        }
        assertFalse(modules.output().contains("jdk.compiler@"), "no compiler: a runtime, not a JDK");
        Command.Result tools = docker("run", "--rm", "--entrypoint", "sh", IMAGE, "-c",
                "ls /opt/sidecert/runtime/bin /usr/bin; command -v javac jlink mvn || true");
        for (String tool : List.of("javac", "jlink", "jdeps", "mvn")) {
            assertFalse(tools.output().lines().anyMatch(line -> line.equals(tool) || line.endsWith("/" + tool)),
                    tool + " in the image:\n" + tools.output());
        }
    }

    @Test
    void theImageDeclaresItsEntrypointVolumesUserHealthCheckAndLabels() {
        String config = docker("image", "inspect", "--format",
                "{{json .Config.Entrypoint}} {{json .Config.Cmd}} {{.Config.User}} {{json .Config.Healthcheck.Test}} "
                        + "{{json .Config.Volumes}} {{index .Config.Labels \"org.opencontainers.image.title\"}} "
                        + "{{index .Config.Labels \"org.opencontainers.image.source\"}} "
                        + "{{.Config.Env}}", IMAGE).output().trim();

        assertTrue(config.startsWith("[\"sidecert\"] [\"run\"] 10001 [\"CMD\",\"sidecert\",\"health\"] "), config);
        assertTrue(config.contains("\"/certs\":{}") && config.contains("\"/var/lib/sidecert\":{}"), config);
        assertTrue(config.contains(" sidecert https://github.com/sidecert/sidecert "), config);
        assertTrue(config.contains("SIDECERT_CONFIG=/etc/sidecert/sidecert.conf"), config);
    }

    @Test
    void theImageAddsLittleToItsBase() {
        long image = Long.parseLong(docker("image", "inspect", "--format", "{{.Size}}", IMAGE).output().trim());
        long base = Long.parseLong(docker("image", "inspect", "--format", "{{.Size}}", ProjectImages.BASE_IMAGE)
                .output().trim());
        long added = image - base;
        // Megabytes as `docker image ls` counts them.
        System.out.printf("[image] %s: %d MB, of which %d MB above %s%n", IMAGE, image / 1_000_000,
                added / 1_000_000, ProjectImages.BASE_IMAGE);
        assertTrue(added < 100_000_000, "a jlink'd runtime and the jar, no JDK: " + added / 1_000_000 + " MB");
    }

    private static Command.Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return new Command(command, ProjectImages.repository(), Map.of(), RUN_TIMEOUT).run();
    }

    private static void waitForLog(String container, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (docker("logs", container).output().contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no '" + text + "' in the log of " + container + ":\n"
                + docker("logs", container).output());
    }
}
