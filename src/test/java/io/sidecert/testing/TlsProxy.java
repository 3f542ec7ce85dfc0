package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real nginx serving HTTPS from a sidecert certificate store on this host, as the proxy beside sidecert does:
 * one {@code server} block per certificate reading {@code /certs/live/<name>/fullchain.pem} and
 * {@code privkey.pem}, the store bind-mounted read-only at {@code /certs}.
 *
 * <p>The container carries the label {@code sidecert.reload=true}, like the proxy of the compose set-up, and a label
 * unique to this instance ({@link #label()}), which tests should select by: other test runs on the same Docker
 * engine may have proxies labelled {@code sidecert.reload=true} too. {@code /etc/nginx/sites/} is a host directory
 * ({@link #sites()}) included by nginx.conf, where tests can put a broken file to make {@code nginx -t} fail.
 *
 * <p>The certificates must be in the store before {@link #start}: nginx refuses to start without them.
 */
public final class TlsProxy implements AutoCloseable {
    public static final String RELOAD_LABEL = "sidecert.reload";
    private static final String RUN_LABEL = "io.sidecert.test.proxy";
    private static final int HTTPS_PORT = 443;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SIGHUP = Pattern.compile("signal 1 \\(SIGHUP\\) received");

    private final GenericContainer<?> nginx;
    private final Network network;
    private final Path sites;
    private final String runId;

    private TlsProxy(GenericContainer<?> nginx, Network network, Path sites, String runId) {
        this.nginx = nginx;
        this.network = network;
        this.sites = sites;
        this.runId = runId;
    }

    /**
     * @param certificates the store's directory (holding {@code live/})
     * @param sites        certificate name to the host name nginx serves it for
     */
    public static TlsProxy start(Path certificates, Map<String, String> sites) {
        String runId = UUID.randomUUID().toString();
        Path sitesDirectory = createSites(sites);
        Network network = Network.newNetwork();
        GenericContainer<?> nginx = new GenericContainer<>(LocalImages.nginx())
                .withImagePullPolicy(image -> false)
                .withNetwork(network)
                .withLabels(Map.of(RELOAD_LABEL, "true", RUN_LABEL, runId))
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withBinds(
                        new Bind(certificates.toString(), new Volume("/certs"), AccessMode.ro),
                        new Bind(sitesDirectory.toString(), new Volume("/etc/nginx/sites"), AccessMode.ro)))
                .withCopyToContainer(Transferable.of(NGINX_CONF), "/etc/nginx/nginx.conf")
                .waitingFor(Wait.forLogMessage(".*start worker process.*", 1).withStartupTimeout(STARTUP_TIMEOUT));
        try {
            nginx.start();
            return new TlsProxy(nginx, network, sitesDirectory, runId);
        } catch (RuntimeException e) {
            nginx.stop();
            network.close();
            TempDirectories.delete(sitesDirectory);
            throw e;
        }
    }

    /** {@code key=value} of the label only this instance carries, for a {@code reload.targets} entry. */
    public String label() {
        return RUN_LABEL + "=" + runId;
    }

    public String containerName() {
        return nginx.getContainerInfo().getName().replaceFirst("^/", "");
    }

    /** nginx's address on its network, where sidecert's check connects. */
    public String address() {
        return nginx.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    /** The directory nginx includes {@code *.conf} from, at {@code /etc/nginx/sites}. */
    public Path sites() {
        return sites;
    }

    /** How many times nginx's master received SIGHUP, from its log. */
    public int reloads() {
        Matcher matcher = SIGHUP.matcher(nginx.getLogs());
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    public String logs() {
        return nginx.getLogs();
    }

    /** The serial of the certificate nginx serves for {@code serverName}, seen from this JVM. */
    public BigInteger servedSerial(String serverName) {
        return servedSerial(address(), HTTPS_PORT, serverName);
    }

    /** The serial of the certificate any TLS server at {@code host:port} serves for {@code serverName}. */
    static BigInteger servedSerial(String host, int port, String serverName) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), 3000);
            try (SSLSocket tls = (SSLSocket) anyCertificate().getSocketFactory()
                    .createSocket(plain, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                return ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSerialNumber();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no TLS answer from " + host + ":" + port + " for " + serverName, e);
        }
    }

    @Override
    public void close() {
        try {
            nginx.stop();
        } finally {
            network.close();
            TempDirectories.delete(sites);
        }
    }

    private static Path createSites(Map<String, String> sites) {
        requireNonNull(sites, "sites");
        try {
            Path directory = Files.createTempDirectory("sidecert-sites-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, String> site : sites.entrySet()) {
                Files.writeString(directory.resolve(site.getKey() + ".conf"), SERVER.formatted(site.getValue(),
                        site.getKey(), site.getKey()));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nginx sites", e);
        }
    }

    // The test reads serials; trusting the test CA would add nothing.
    private static SSLContext anyCertificate() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String NGINX_CONF = """
            user www-data;
            worker_processes 1;
            pid /run/nginx.pid;
            error_log /dev/stderr notice;
            events { worker_connections 64; }
            http {
                access_log off;
                ssl_protocols TLSv1.2 TLSv1.3;
                include /etc/nginx/sites/*.conf;
            }
            """;

    private static final String SERVER = """
            server {
                listen 443 ssl;
                server_name %s;
                ssl_certificate     /certs/live/%s/fullchain.pem;
                ssl_certificate_key /certs/live/%s/privkey.pem;
                return 204;
            }
            """;
}
