package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.sidecert.config.DockerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine through docker-java, over its unix socket or TCP with TLS. Creating one does not connect;
 * every call does, so a socket mounted late is picked up at the next check.
 */
public final class DockerEngine implements ContainerEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DockerEngine.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    /** A config test's output is for one log line; nginx -t says what matters in its first few hundred bytes. */
    private static final int MAX_OUTPUT = 16 * 1024;
    private static final Duration EXIT_CODE_WAIT = Duration.ofSeconds(5);

    private final DockerSettings settings;
    private final DockerClient docker;
    private final DockerErrors errors;

    private DockerEngine(DockerSettings settings, DockerClient docker) {
        this.settings = settings;
        this.docker = docker;
        this.errors = new DockerErrors(settings);
    }

    public static DockerEngine connect(DockerSettings settings) {
        requireNonNull(settings, "settings");
        // The plain builder, not createDefaultConfigBuilder(): DOCKER_HOST and ~/.docker must not override
        // what sidecert's configuration says.
        DefaultDockerClientConfig.Builder builder = new DefaultDockerClientConfig.Builder()
                .withDockerHost(settings.host().toString())
                .withDockerTlsVerify(settings.tlsVerify());
        settings.certPath().ifPresent(path -> builder.withDockerCertPath(path.toString()));
        DockerClientConfig config = builder.build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        return new DockerEngine(settings, DockerClientImpl.getInstance(config, http));
    }

    @Override
    public List<ProxyContainer> containers() throws DockerUnreachable {
        try {
            return docker.listContainersCmd().withShowAll(true).exec().stream().map(DockerEngine::container).toList();
        } catch (RuntimeException e) {
            throw errors.unreachable(e);
        }
    }

    @Override
    public CommandResult exec(ProxyContainer container, List<String> command, Duration timeout)
            throws DockerUnreachable, TargetFailure, InterruptedException {
        String what = "run `" + String.join(" ", command) + "` in " + container.name();
        try {
            String execId = docker.execCreateCmd(container.id()).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            try (Output output = new Output()) {
                if (!docker.execStartCmd(execId).exec(output).awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TargetFailure(what + ": no answer within " + timeout.toSeconds() + " s; check that the "
                            + "container is healthy", null);
                }
                return new CommandResult(exitCode(execId), output.text());
            }
        } catch (IOException e) {
            throw new TargetFailure(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw errors.failure(e, container, what);
        }
    }

    @Override
    public void signal(ProxyContainer container, String signal) throws DockerUnreachable, TargetFailure {
        try {
            docker.killContainerCmd(container.id()).withSignal(signal).exec();
        } catch (RuntimeException e) {
            throw errors.failure(e, container, "send SIG" + signal + " to " + container.name());
        }
    }

    @Override
    public String address() {
        return settings.host().toString();
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing the Docker client for {} failed: {}; nothing is lost", address(), e.getMessage());
        }
    }

    // The output stream can end a moment before Docker records the exit code.
    private int exitCode(String execId) throws InterruptedException {
        long deadline = System.nanoTime() + EXIT_CODE_WAIT.toNanos();
        while (true) {
            var inspected = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(inspected.isRunning()) && inspected.getExitCodeLong() != null) {
                return inspected.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.sleep(50);
        }
    }

    private static ProxyContainer container(Container c) {
        String name = Arrays.stream(Optional.ofNullable(c.getNames()).orElse(new String[0]))
                .map(n -> n.startsWith("/") ? n.substring(1) : n)
                .filter(n -> !n.contains("/"))   // legacy links show up as /other/alias
                .findFirst().orElse(c.getId());
        Map<String, ContainerNetwork> networks = c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null
                ? Map.of() : new TreeMap<>(c.getNetworkSettings().getNetworks());
        List<String> addresses = networks.values().stream().map(ContainerNetwork::getIpAddress)
                .filter(ip -> ip != null && !ip.isEmpty()).toList();
        return new ProxyContainer(c.getId(), name, Optional.ofNullable(c.getLabels()).orElse(Map.of()),
                Optional.ofNullable(c.getState()).orElse("unknown"), addresses);
    }

    /** Collects an exec's stdout and stderr as they come, up to {@link #MAX_OUTPUT} bytes. */
    private static final class Output extends ResultCallback.Adapter<Frame> {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onNext(Frame frame) {
            synchronized (text) {
                if (text.length() < MAX_OUTPUT) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }

        String text() {
            synchronized (text) {
                return text.toString().strip();
            }
        }
    }
}
