package io.sidecert.docker;

import io.sidecert.testing.Command;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The images the repository ships, built the way a user builds them: {@code docker build -f docker/Dockerfile .}
 * for sidecert, and the demo's nginx and Pebble from {@code docker/nginx} and {@code docker/pebble}.
 *
 * <p>Built once per test JVM, on the local {@value #BASE_IMAGE} only: its presence is checked first, because a
 * build whose base is missing would try to pull it, and no test may talk to a registry. Docker's layer cache makes
 * a rebuild with unchanged sources take seconds; a change under {@code src/main} repackages the jar (about a
 * minute), a change to {@code pom.xml} also re-resolves the dependencies and relinks the runtime.
 *
 * <p>Behind a TLS-intercepting proxy, Maven Central is only reachable when the build trusts the proxy's CA: the
 * build gets {@code EXTRA_CA_CERTS} from the environment, or else the CAs this host added locally
 * ({@code /usr/local/share/ca-certificates}). They are trusted by the build stage only, never by the image.
 */
final class ProjectImages {
    static final String BASE_IMAGE = "debian:bookworm-slim";
    static final String SIDECERT = "sidecert-test/sidecert:local";
    static final String NGINX = "sidecert-test/demo-nginx:local";
    static final String PEBBLE = "sidecert-test/demo-pebble:local";

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Path LOCAL_CAS = Path.of("/usr/local/share/ca-certificates");
    private static Duration buildTime;

    private ProjectImages() {
    }

    /** Builds the three images unless this JVM already did; returns how long the build took. */
    static synchronized Duration build() {
        if (buildTime == null) {
            Instant started = Instant.now();
            requireBaseImage();
            docker("build", "-f", "docker/Dockerfile", "--build-arg", "EXTRA_CA_CERTS=" + extraCaCertificates(),
                    "-t", SIDECERT, ".");
            docker("build", "-t", NGINX, "docker/nginx");
            docker("build", "-t", PEBBLE, "docker/pebble");
            buildTime = Duration.between(started, Instant.now());
            System.out.printf("[images] %s, %s and %s built in %d s%n", SIDECERT, NGINX, PEBBLE, buildTime.toSeconds());
        }
        return buildTime;
    }

    /** The repository root: where Maven runs, and the build context of docker/Dockerfile. */
    static Path repository() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Command.Result docker(String... arguments) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(arguments));
        return new Command(command, repository(), Map.of("DOCKER_BUILDKIT", "0"), BUILD_TIMEOUT).run().orThrow();
    }

    private static void requireBaseImage() {
        Command.Result inspect = Command.of(repository(), Duration.ofSeconds(30), "docker", "image", "inspect",
                BASE_IMAGE).run();
        if (!inspect.succeeded()) {
            throw new IllegalStateException("base image " + BASE_IMAGE + " is not local and must not be pulled; "
                    + "run ../shared/tools/docker-up to create it");
        }
    }

    private static String extraCaCertificates() {
        String fromEnvironment = System.getenv("EXTRA_CA_CERTS");
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        if (!Files.isDirectory(LOCAL_CAS)) {
            return "";
        }
        try (Stream<Path> files = Files.walk(LOCAL_CAS)) {
            StringBuilder pem = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".crt")).sorted().toList()) {
                pem.append(Files.readString(file, StandardCharsets.US_ASCII)).append('\n');
            }
            return pem.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCAL_CAS, e);
        }
    }
}
