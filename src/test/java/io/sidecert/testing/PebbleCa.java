package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.PemTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;

/**
 * A real Pebble ACME CA (2.10: ARI, profiles, EAB) in Docker that validates HTTP-01 for real, against
 * the nginx of its {@link ChallengeSite}.
 *
 * <pre>{@code
 * try (PebbleCa ca = PebbleCa.start(PebbleOptions.defaults())) {
 *     Session session = new TrustingSessionFactory().open(ca.directoryUrl(), Optional.of(ca.trustPem()));
 *     // order a certificate for any name: it resolves to ca.site()'s nginx, which serves
 *     // ca.site().webroot() and forwards the rest to ca.site().responderPort() on this host
 * }
 * }</pre>
 * In JUnit, {@link PebbleCaExtension} starts one per test class and adds the logs to failures.
 * Tests that use it are tagged {@code @Tag("container")} ({@code mvn -Pfast} skips them).
 *
 * <p>Layout: one Docker network per instance holding Pebble, nginx and pebble-challtestsrv (DNS). Pebble's
 * ACME and management ports are mapped to {@code localhost}; its listener certificate comes from a CA made
 * fresh at each start ({@link #trustPem()}). The images are built from {@code src/test/docker} on first use
 * and never pulled. {@link #close()} removes the containers, the network and the temporary files.
 *
 * <p>Pebble pitfalls, all seen with 2.10: an order naming no profile gets a random one of those configured
 * (see {@link PebbleOptions}); challenges in state {@code processing} carry no {@code Retry-After}, so
 * acme4j's {@code waitForCompletion} sleeps its default 3 s when the first poll comes too early; the
 * management API answers {@code /set-renewal-info/} only for certificates this instance issued.
 */
public final class PebbleCa implements AutoCloseable {
    private static final int ACME_PORT = 14000;
    private static final int MANAGEMENT_PORT = 15000;
    private static final String CONFIG_DIR = "/etc/pebble/";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final PebbleOptions options;
    private final Network network;
    private final boolean ownsNetwork;
    private final ChallengeSite site;
    private final GenericContainer<?> pebble;
    private final Path workDirectory;
    private final Path trustPem;
    private final ManagementClient management;
    private final List<X509Certificate> issuingRoots;
    private final Duration startupTime;

    private PebbleCa(PebbleOptions options, Network network, boolean ownsNetwork, ChallengeSite site,
            GenericContainer<?> pebble, Path workDirectory, ListenerTls tls, Instant startedAt) throws IOException {
        this.options = options;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.site = site;
        this.pebble = pebble;
        this.workDirectory = workDirectory;
        this.trustPem = Files.writeString(workDirectory.resolve("pebble-listener-ca.pem"), tls.caPem());
        this.management = ManagementClient.https(
                URI.create("https://" + pebble.getHost() + ":" + pebble.getMappedPort(MANAGEMENT_PORT)),
                PemTrust.sslContext(List.of(tls.ca())));
        this.issuingRoots = parseCertificates(management.get("/roots/0"));
        this.startupTime = Duration.between(startedAt, Instant.now());
    }

    /** Pebble with {@link PebbleOptions#defaults()}. */
    public static PebbleCa start() {
        return start(PebbleOptions.defaults());
    }

    /**
     * Builds the images if needed, then starts nginx and DNS, then Pebble. Takes about 2 s with built images.
     *
     * @throws IllegalStateException when a container does not come up; the message holds its log
     */
    public static PebbleCa start(PebbleOptions options) {
        return start(options, Network.newNetwork(), true, null);
    }

    /**
     * Pebble on {@code network} resolving every name through {@code dnsServer} ({@code ip:port} on that network,
     * e.g. a BIND 9 that takes RFC 2136 updates) instead of the site's pebble-challtestsrv, so that DNS-01 is
     * validated against a real authoritative server. The network stays the caller's: {@link #close()} leaves it.
     */
    public static PebbleCa start(PebbleOptions options, Network network, String dnsServer) {
        return start(options, requireNonNull(network, "network"), false, requireNonNull(dnsServer, "dnsServer"));
    }

    private static PebbleCa start(PebbleOptions options, Network network, boolean ownsNetwork, String dnsServer) {
        requireNonNull(options, "options");
        Instant startedAt = Instant.now();
        var pebbleImage = LocalImages.pebble();
        var nginxImage = LocalImages.nginx();
        ChallengeSite site = null;
        GenericContainer<?> pebble = null;
        Path workDirectory = null;
        try {
            site = ChallengeSite.start(network, nginxImage, pebbleImage);
            workDirectory = Files.createTempDirectory("sidecert-pebble-");
            ListenerTls tls = ListenerTls.generate();
            pebble = pebbleContainer(pebbleImage, network, options, tls, dnsServer != null ? dnsServer : site.dnsServer());
            startOrExplain(pebble);
            return new PebbleCa(options, network, ownsNetwork, site, pebble, workDirectory, tls, startedAt);
        } catch (IOException e) {
            cleanUp(pebble, site, ownsNetwork ? network : null, workDirectory);
            throw new UncheckedIOException("cannot start Pebble: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            cleanUp(pebble, site, ownsNetwork ? network : null, workDirectory);
            throw e;
        }
    }

    /** The ACME directory, on {@code localhost}: use with {@link #trustPem()}. */
    public URI directoryUrl() {
        return URI.create("https://" + pebble.getHost() + ":" + pebble.getMappedPort(ACME_PORT) + "/dir");
    }

    /**
     * A PEM file with the CA of Pebble's own TLS listeners, for sidecert's {@code acme.trust-pem}. This is not
     * the CA that signs issued certificates: see {@link #issuingRoots()}.
     */
    public Path trustPem() {
        return trustPem;
    }

    /** The roots Pebble issues under (chain 0); Pebble makes them anew at each start. */
    public List<X509Certificate> issuingRoots() {
        return issuingRoots;
    }

    /**
     * Makes Pebble's ARI endpoint suggest {@code [windowStart, windowEnd]} for {@code certificate} (which
     * Pebble must have issued), instead of its default ({@code notAfter - lifetime/3}, plus or minus a day).
     * Times are sent with whole seconds. acme4j caches a {@code Certificate}'s {@code RenewalInfo}: call its
     * {@code fetch()} to see the new window.
     *
     * @throws IllegalStateException when Pebble refuses, e.g. for a certificate it did not issue
     */
    public void setRenewalInfo(X509Certificate certificate, Instant windowStart, Instant windowEnd) {
        requireNonNull(certificate, "certificate");
        if (!windowStart.isBefore(windowEnd)) {
            throw new IllegalArgumentException("window start " + windowStart + " is not before its end " + windowEnd);
        }
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("start", windowStart.truncatedTo(ChronoUnit.SECONDS).toString());
        window.put("end", windowEnd.truncatedTo(ChronoUnit.SECONDS).toString());
        String ariResponse = ManagementClient.json(Map.of("suggestedWindow", window));
        management.post("/set-renewal-info/", Map.of("certificate", pem(certificate), "ariResponse", ariResponse));
    }

    /** The site Pebble validates challenges against: webroot, responder port, DNS records, nginx log. */
    public ChallengeSite site() {
        return site;
    }

    public PebbleOptions options() {
        return options;
    }

    /** Pebble's log: every request, every validation and its problem. */
    public String logs() {
        return pebble.getLogs();
    }

    /** Pebble's, nginx's and the DNS server's logs, for a failed test's report. */
    public String diagnostics() {
        return "----- Pebble -----\n" + logs()
                + "----- nginx -----\n" + site.nginxLogs()
                + "----- pebble-challtestsrv -----\n" + site.dnsLogs();
    }

    /** How long {@link #start} took, images included. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public void close() {
        cleanUp(pebble, site, ownsNetwork ? network : null, workDirectory);
    }

    private static GenericContainer<?> pebbleContainer(org.testcontainers.utility.DockerImageName image,
            Network network, PebbleOptions options, ListenerTls tls, String dnsServer) {
        return new GenericContainer<>(image)
                .withImagePullPolicy(name -> false)
                .withNetwork(network)
                .withNetworkAliases("pebble")
                .withCopyToContainer(Transferable.of(PebbleConfig.json(options, CONFIG_DIR)),
                        CONFIG_DIR + "config.json")
                .withCopyToContainer(Transferable.of(tls.certificatePem()), CONFIG_DIR + "cert.pem")
                .withCopyToContainer(Transferable.of(tls.privateKeyPem()), CONFIG_DIR + "key.pem")
                .withEnv(PebbleConfig.environment(options))
                .withCommand("pebble", "-config", CONFIG_DIR + "config.json", "-dnsserver", dnsServer)
                .withExposedPorts(ACME_PORT, MANAGEMENT_PORT)
                .waitingFor(Wait.forLogMessage(".*ACME directory available at.*", 1)
                        .withStartupTimeout(STARTUP_TIMEOUT));
    }

    private static void startOrExplain(GenericContainer<?> pebble) {
        try {
            pebble.start();
        } catch (RuntimeException e) {
            String log;
            try {
                log = pebble.getLogs();
            } catch (RuntimeException unavailable) {
                log = "(log unavailable: " + unavailable + ")";
            }
            throw new IllegalStateException("Pebble did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    private static void cleanUp(GenericContainer<?> pebble, ChallengeSite site, Network network, Path work) {
        try {
            if (pebble != null) {
                pebble.stop();
            }
        } catch (RuntimeException e) {
            System.err.println("[PebbleCa] cannot stop Pebble: " + e);
        }
        if (site != null) {
            site.close();
        }
        try {
            if (network != null) {
                network.close();
            }
        } catch (RuntimeException e) {
            System.err.println("[PebbleCa] cannot remove network: " + e);
        }
        if (work != null) {
            TempDirectories.delete(work);
        }
    }

    private static List<X509Certificate> parseCertificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalStateException("Pebble's /roots/0 is not a PEM certificate: " + pem, e);
        }
    }

    private static String pem(X509Certificate certificate) {
        return ListenerTls.pem(certificate);
    }
}
