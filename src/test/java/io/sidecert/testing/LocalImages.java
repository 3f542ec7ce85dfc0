package io.sidecert.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;

/**
 * The test images, built from {@code src/test/docker/<name>} on the local {@value #BASE_IMAGE} only.
 *
 * <p>An image is rebuilt only when its build context changed: the context's SHA-256 is stored as a label
 * on the image, so the usual case costs one {@code docker inspect}. A build never pulls: the base image
 * must already be local (no registry is reachable on test machines), which is checked first so that a
 * missing base fails at once with a message instead of hanging on a pull.
 */
final class LocalImages {
    static final String BASE_IMAGE = "debian:bookworm-slim";
    private static final String CONTEXT_LABEL = "io.sidecert.test.context-sha256";

    private LocalImages() {
    }

    /** Pebble 2.10 and pebble-challtestsrv, from Debian unstable. */
    static DockerImageName pebble() {
        return ensure("pebble", "sidecert-test/pebble:2.10");
    }

    /** BIND 9 from Debian bookworm, with the DNS-01 test zones and nsupdate. */
    static DockerImageName bind9() {
        return ensure("bind9", "sidecert-test/bind9:bookworm");
    }

    /** nginx-light from Debian bookworm. */
    static DockerImageName nginx() {
        return ensure("nginx", "sidecert-test/nginx:bookworm");
    }

    /** HAProxy 2.6 from Debian bookworm, in master-worker mode (SIGUSR2 reloads it). */
    static DockerImageName haproxy() {
        return ensure("haproxy", "sidecert-test/haproxy:bookworm");
    }

    /** PostgreSQL 15 from Debian bookworm, with a cluster made at build time (see its Dockerfile). */
    static DockerImageName postgresql() {
        return ensure("postgresql", "sidecert-test/postgresql:15");
    }

    private static synchronized DockerImageName ensure(String contextName, String tag) {
        Path context = dockerDirectory().resolve(contextName);
        String hash = contextHash(context);
        DockerClient docker = DockerClientFactory.instance().client();
        if (!label(docker, tag).filter(hash::equals).isPresent()) {
            build(docker, context, tag, hash);
        }
        return DockerImageName.parse(tag);
    }

    private static Path dockerDirectory() {
        return Path.of(System.getProperty("basedir", ".")).resolve("src/test/docker");
    }

    private static Optional<String> label(DockerClient docker, String image) {
        try {
            Map<String, String> labels = docker.inspectImageCmd(image).exec().getConfig().getLabels();
            return Optional.ofNullable(labels).map(all -> all.get(CONTEXT_LABEL));
        } catch (NotFoundException absent) {
            return Optional.empty();
        }
    }

    private static void build(DockerClient docker, Path context, String tag, String hash) {
        try {
            docker.inspectImageCmd(BASE_IMAGE).exec();
        } catch (NotFoundException absent) {
            throw new IllegalStateException("cannot build " + tag + ": base image " + BASE_IMAGE
                    + " is not local and must not be pulled; run ../shared/tools/docker-up to create it");
        }
        new ImageFromDockerfile(tag, false)
                .withFileFromPath(".", context)
                .withBuildImageCmdModifier(cmd -> cmd.withPull(false).withLabels(Map.of(CONTEXT_LABEL, hash)))
                .get();
    }

    private static String contextHash(Path context) {
        try (Stream<Path> walk = Files.walk(context)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no build context at " + context.toAbsolutePath());
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(context.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read build context " + context, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
