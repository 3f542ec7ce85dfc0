package io.sidecert.testing;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real HAProxy (Debian's 2.6) terminating TLS with one certificate from a sidecert store, read as HAProxy wants
 * it: {@code crt /certs/live/<name>/combined.pem}, the store bind-mounted read-only at {@code /certs}. It runs in
 * master-worker mode, so SIGUSR2 to the container reloads it as {@code systemctl reload haproxy} does on a host.
 *
 * <p>The certificate must be in the store, with {@code storage.combined-pem}, before {@link #start}.
 */
public final class HaproxyProxy implements AutoCloseable {
    public static final String CONFIG = "/etc/haproxy/haproxy.cfg";
    private static final int HTTPS_PORT = 443;

    private final GenericContainer<?> haproxy;
    private final Network network;

    private HaproxyProxy(GenericContainer<?> haproxy, Network network) {
        this.haproxy = haproxy;
        this.network = network;
    }

    public static HaproxyProxy start(Path certificates, String certificate) {
        Network network = Network.newNetwork();
        GenericContainer<?> haproxy = new GenericContainer<>(LocalImages.haproxy())
                .withImagePullPolicy(image -> false)
                .withNetwork(network)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        new Bind(certificates.toString(), new Volume("/certs"), AccessMode.ro)))
                .withCopyToContainer(Transferable.of(CONFIG_TEXT.formatted(certificate)), CONFIG)
                .waitingFor(Wait.forLogMessage(".*New worker.*", 1).withStartupTimeout(Duration.ofSeconds(30)));
        try {
            haproxy.start();
            return new HaproxyProxy(haproxy, network);
        } catch (RuntimeException e) {
            haproxy.stop();
            network.close();
            throw e;
        }
    }

    public String containerName() {
        return haproxy.getContainerInfo().getName().replaceFirst("^/", "");
    }

    public String address() {
        return haproxy.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    /** A host-style config test, run in the container from the host: {@code haproxy -c -f haproxy.cfg}. */
    public List<String> configTest() {
        return List.of("docker", "exec", containerName(), "haproxy", "-c", "-f", CONFIG);
    }

    /** A host-style reload: SIGUSR2 to the master, what {@code systemctl reload haproxy} sends. */
    public List<String> reload() {
        return List.of("docker", "kill", "--signal", "USR2", containerName());
    }

    public BigInteger servedSerial(String serverName) {
        return TlsProxy.servedSerial(address(), HTTPS_PORT, serverName);
    }

    public String logs() {
        return haproxy.getLogs();
    }

    @Override
    public void close() {
        try {
            haproxy.stop();
        } finally {
            network.close();
        }
    }

    private static final String CONFIG_TEXT = """
            global
                log stderr format raw local0 notice
            defaults
                mode http
                timeout connect 5s
                timeout client 5s
                timeout server 5s
            frontend https
                bind :443 ssl crt /certs/live/%s/combined.pem
                http-request return status 204
            """;
}
