package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Network.Ipam;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * The web site Pebble validates HTTP-01 against: a real nginx, and the DNS that sends every name to it.
 *
 * <p>nginx serves {@code /.well-known/acme-challenge/} from {@link #webroot()}, a host directory mounted
 * read-only (sidecert's webroot mode writes there). When no such file exists it proxies the request to
 * port {@link #responderPort()} on the host (sidecert's standalone mode listens there). DNS is a
 * {@code pebble-challtestsrv} that answers every A query with nginx's address, unless {@link #addA} says
 * otherwise. Get one from {@link PebbleCa#site()}.
 *
 * <p>nginx reaches the host through the test network's gateway ({@link #gatewayAddress()}): the Docker
 * engine runs on this machine, so a server bound to {@code 0.0.0.0} or to the gateway address is
 * reachable from containers; binding to the gateway keeps it off other interfaces. nginx's workers run as
 * {@code www-data}, like in production: challenge files and their directories must be world-readable
 * (the JVM's usual umask 022 gives that).
 */
public final class ChallengeSite implements AutoCloseable {
    private static final int DNS_PORT = 8053;
    private static final int DNS_MANAGEMENT_PORT = 8055;
    private static final int HTTP_PORT = 80;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path webroot;
    private final int responderPort;
    private final String gatewayAddress;
    private final GenericContainer<?> nginx;
    private final GenericContainer<?> dns;
    private final ManagementClient dnsManagement;

    private ChallengeSite(Path webroot, int responderPort, String gatewayAddress, GenericContainer<?> nginx,
            GenericContainer<?> dns) {
        this.webroot = webroot;
        this.responderPort = responderPort;
        this.gatewayAddress = gatewayAddress;
        this.nginx = nginx;
        this.dns = dns;
        this.dnsManagement = ManagementClient.plainHttp(
                URI.create("http://" + dns.getHost() + ":" + dns.getMappedPort(DNS_MANAGEMENT_PORT)));
    }

    /** Starts nginx and the DNS server on {@code network}; package-private: {@link PebbleCa} owns the site. */
    static ChallengeSite start(Network network, DockerImageName nginxImage, DockerImageName pebbleImage) {
        Path webroot = createWebroot();
        int responderPort = freePort();
        String gateway = gateway(network);
        GenericContainer<?> nginx = new GenericContainer<>(nginxImage)
                .withImagePullPolicy(image -> false)
                .withNetwork(network)
                .withNetworkAliases("nginx")
                // Not withFileSystemBind: any Testcontainers bind first runs a mount check in an alpine
                // container, i.e. a pull (minutes of hanging here) unless TESTCONTAINERS_CHECKS_DISABLE is set.
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withBinds(new Bind(webroot.toString(), new Volume("/srv/webroot"), AccessMode.ro)))
                .withCopyToContainer(Transferable.of(nginxConf(gateway, responderPort)), "/etc/nginx/nginx.conf")
                .withExposedPorts(HTTP_PORT)
                .waitingFor(Wait.forLogMessage(".*start worker process.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
        GenericContainer<?> dns = new GenericContainer<>(pebbleImage)
                .withImagePullPolicy(image -> false)
                .withNetwork(network)
                .withNetworkAliases("challtestsrv")
                .withCommand("pebble-challtestsrv", "-dnsserver", ":" + DNS_PORT, "-doh", "", "-http01", "",
                        "-https01", "", "-tlsalpn01", "", "-management", ":" + DNS_MANAGEMENT_PORT,
                        // No AAAA answers: the VA would otherwise try ::1 (its own loopback) first.
                        "-defaultIPv6", "")
                .withExposedPorts(DNS_MANAGEMENT_PORT)
                .waitingFor(Wait.forLogMessage(".*Starting management server.*", 1)
                        .withStartupTimeout(STARTUP_TIMEOUT));
        try {
            Startables.deepStart(nginx, dns).join();
            ChallengeSite site = new ChallengeSite(webroot, responderPort, gateway, nginx, dns);
            site.dnsManagement.post("/set-default-ipv4", Map.of("ip", site.nginxAddress()));
            return site;
        } catch (RuntimeException e) {
            stopQuietly(nginx);
            stopQuietly(dns);
            TempDirectories.delete(webroot);
            throw e;
        }
    }

    /**
     * The directory nginx serves as its document root: a challenge file for token {@code T} goes to
     * {@code webroot()/.well-known/acme-challenge/T}. The directory is {@code 0755}; subdirectories are
     * the test's (or sidecert's) to create.
     */
    public Path webroot() {
        return webroot;
    }

    /**
     * The host port nginx forwards challenge requests to when {@link #webroot()} has no file for them.
     * A standalone responder listens here, on {@code 0.0.0.0} or on {@link #gatewayAddress()}. Nothing
     * listens by default: nginx then answers 502, and validation fails.
     */
    public int responderPort() {
        return responderPort;
    }

    /** The host's address on the test network: what nginx connects to for {@link #responderPort()}. */
    public String gatewayAddress() {
        return gatewayAddress;
    }

    /** nginx's address on the test network; every name resolves to it unless {@link #addA} was called. */
    public String nginxAddress() {
        return nginx.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress();
    }

    /** nginx from this JVM, through a mapped port, e.g. to fetch a challenge file the way the VA does. */
    public URI httpUrl() {
        return URI.create("http://" + nginx.getHost() + ":" + nginx.getMappedPort(HTTP_PORT));
    }

    /** Makes {@code name} resolve to {@code ip} (added to earlier records for it) instead of to nginx. */
    public void addA(String name, String ip) {
        requireNonNull(name, "name");
        requireNonNull(ip, "ip");
        dnsManagement.post("/add-a", Map.of("host", name, "addresses", List.of(ip)));
    }

    /** Forgets the A records added for {@code name}: it resolves to nginx again. */
    public void clearA(String name) {
        dnsManagement.post("/clear-a", Map.of("host", name));
    }

    /**
     * Adds a TXT value at {@code name} (e.g. {@code _acme-challenge.shop.sidecert.test}) to the DNS Pebble asks,
     * next to earlier ones, for DNS-01 validations through a stand-in of a DNS provider's API.
     */
    public void addTxt(String name, String value) {
        requireNonNull(name, "name");
        requireNonNull(value, "value");
        dnsManagement.post("/set-txt", Map.of("host", fqdn(name), "value", value));
    }

    /** Removes every TXT value at {@code name}. */
    public void clearTxt(String name) {
        dnsManagement.post("/clear-txt", Map.of("host", fqdn(name)));
    }

    private static String fqdn(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    /** nginx's access and error log: who asked for which challenge and what nginx answered. */
    public String nginxLogs() {
        return nginx.getLogs();
    }

    /** pebble-challtestsrv's log. */
    public String dnsLogs() {
        return dns.getLogs();
    }

    /**
     * The DNS server's {@code ip:port} on the test network: what Pebble's {@code -dnsserver} flag needs, and
     * reachable from this host too (the engine runs here), e.g. as sidecert's {@code dns-01.resolvers}.
     */
    public String dnsServer() {
        return dns.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next()
                .getIpAddress() + ":" + DNS_PORT;
    }

    @Override
    public void close() {
        stopQuietly(nginx);
        stopQuietly(dns);
        TempDirectories.delete(webroot);
    }

    private static void stopQuietly(GenericContainer<?> container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            System.err.println("[ChallengeSite] cannot stop " + container.getContainerName() + ": " + e);
        }
    }

    private static Path createWebroot() {
        try {
            Path webroot = Files.createTempDirectory("sidecert-webroot-");
            // createTempDirectory makes 0700; nginx's workers (www-data) must traverse it.
            Files.setPosixFilePermissions(webroot, PosixFilePermissions.fromString("rwxr-xr-x"));
            return webroot;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the webroot", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the responder", e);
        }
    }

    private static String gateway(Network network) {
        Ipam ipam = DockerClientFactory.instance().client().inspectNetworkCmd().withNetworkId(network.getId())
                .exec().getIpam();
        return ipam.getConfig().get(0).getGateway();
    }

    private static String nginxConf(String gateway, int responderPort) {
        return """
                user www-data;
                worker_processes 1;
                pid /run/nginx.pid;
                error_log /dev/stderr notice;
                events { worker_connections 256; }
                http {
                    log_format site '$remote_addr "$host" "$request" $status upstream=$upstream_addr';
                    access_log /dev/stdout site;
                    default_type application/octet-stream;
                    server {
                        listen %d default_server;
                        server_name _;
                        root /srv/webroot;
                        location /.well-known/acme-challenge/ {
                            default_type text/plain;
                            try_files $uri @responder;
                        }
                        location @responder {
                            proxy_pass http://%s:%d;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $remote_addr;
                            proxy_connect_timeout 2s;
                            proxy_read_timeout 10s;
                        }
                    }
                }
                """.formatted(HTTP_PORT, gateway, responderPort);
    }
}
