package io.sidecert.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.Placeholders;
import io.sidecert.testing.TlsProxy;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compose.yaml} as a user runs it ({@code docker-compose -f compose.yaml up}) on locally built images:
 * nginx first serves sidecert's placeholder, then a certificate issued by the compose file's own Pebble.
 */
@Tag("container")
class ComposeTest {
    private static final String NAME = "shop.sidecert.test";
    private static final Duration LIMIT = Duration.ofMinutes(3);

    @BeforeAll
    static void images() {
        ProjectImages.build();
    }

    @Test
    void upServesACertificateFromTheComposeCaWithinAMinute(@TempDir Path neighbourCerts) throws Exception {
        // Someone else's nginx on the same engine, labelled for reloads too: sidecert must leave it alone.
        new CertbotLayoutStore(neighbourCerts, FileModes.defaults(), FileOwnership.unchanged())
                .save("blog", Placeholders.create(List.of("blog.example"), Instant.now()));
        try (TlsProxy neighbour = TlsProxy.start(neighbourCerts, Map.of("blog", "blog.example"));
                ComposeProject compose = new ComposeProject()) {
            try {
                Instant up = Instant.now();
                compose.up();
                int https = compose.port("nginx", 443);
                Served served = waitForPebbleCertificate(compose, https, up);

                System.out.printf("[compose %s] nginx served a Pebble certificate %.1f s after `up` (sidecert had "
                        + "stored it after %s); served before: %s%n", compose.name(), served.after().toMillis() / 1000.0,
                        served.stored().map(d -> String.format("%.1f s", d.toMillis() / 1000.0)).orElse("?"),
                        served.before());
                assertTrue(compose.logs("sidecert").contains("`nginx -t` passed, then SIGHUP"),
                        "sidecert itself tested nginx's config and reloaded it through the Docker API");
                assertEquals("healthy", awaitHealth(compose), "the image's HEALTHCHECK (`sidecert health`)");
                forcedRenewalIsServedAndABrokenProxyConfigIsNotSignalled(compose, https);
                assertTrue(ServedCertificate.issuerName(served.certificate()).startsWith("Pebble Intermediate"),
                        ServedCertificate.issuerName(served.certificate()));
                assertTrue(dnsNames(served.certificate()).contains(NAME), dnsNames(served.certificate()).toString());
                assertTrue(served.before().stream().allMatch("placeholder"::equals),
                        "before the CA's certificate nginx served only the placeholder: " + served.before());
                assertTrue(compose.logs("sidecert").contains("stored a self-signed placeholder"),
                        "sidecert wrote the placeholder nginx started with");
                assertPort80RedirectsAllButTheChallenges(compose.port("nginx", 80));
                assertEquals(0, neighbour.reloads(), "another project's labelled nginx got no SIGHUP");
                assertTrue(!compose.logs("sidecert").contains(neighbour.containerName()),
                        "sidecert did not even consider another project's nginx");
            } catch (Throwable t) {
                System.out.println("----- docker-compose logs (" + compose.name() + ") -----\n" + compose.logs());
                throw t;
            }
        }
    }

    /**
     * A certificate nginx served, how long after `up`, what it served before (placeholder or nothing), and when
     * sidecert's log said it stored it.
     */
    private record Served(X509Certificate certificate, Duration after, List<String> before, Optional<Duration> stored) {
    }

    private static Served waitForPebbleCertificate(ComposeProject compose, int port, Instant up)
            throws InterruptedException {
        List<String> before = new ArrayList<>();
        Instant deadline = up.plus(LIMIT);
        Optional<Instant> storedAt = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            Optional<X509Certificate> served = ServedCertificate.fetch("127.0.0.1", port, NAME);
            if (served.isPresent() && !Placeholders.isPlaceholder(served.get())) {
                return new Served(served.get(), Duration.between(up, Instant.now()), before,
                        storedAt.map(t -> Duration.between(up, t)));
            }
            if (served.isPresent() && (before.isEmpty() || !before.get(before.size() - 1).equals("placeholder"))) {
                before.add("placeholder");
            }
            if (storedAt.isEmpty() && compose.logs("sidecert").contains("] renewed (")) {
                storedAt = Optional.of(Instant.now());
            }
            Thread.sleep(500);
        }
        return fail("nginx did not serve a Pebble certificate for " + NAME + " within " + LIMIT.toSeconds()
                + " s of `up`; served before: " + before);
    }

    /**
     * `sidecert renew shop --force` inside the container: nginx then serves the new serial. With nginx's
     * configuration broken, the next forced renewal is stored but nginx is not signalled (its config test fails)
     * and keeps serving the previous certificate.
     */
    private static void forcedRenewalIsServedAndABrokenProxyConfigIsNotSignalled(ComposeProject compose, int https)
            throws Exception {
        BigInteger first = servedSerial(https);
        compose.compose("exec", "-T", "sidecert", "sidecert", "renew", "shop", "--force").orThrow();
        BigInteger renewed = awaitServedSerialOtherThan(https, first);
        assertTrue(!renewed.equals(first), "nginx serves the forced renewal");

        compose.compose("exec", "-T", "nginx", "sh", "-c",
                "cp /etc/nginx/nginx.conf /tmp/nginx.conf.ok && echo 'no_such_directive on;' >> /etc/nginx/nginx.conf")
                .orThrow();
        try {
            String renew = compose.compose("exec", "-T", "sidecert", "sidecert", "renew", "shop", "--force").output();
            assertTrue(renew.contains("`nginx -t` failed"), "the config test failed and was reported: " + renew);
            Thread.sleep(2_000);
            assertEquals(renewed, servedSerial(https), "no signal: nginx still serves the previous certificate");
        } finally {
            compose.compose("exec", "-T", "nginx", "cp", "/tmp/nginx.conf.ok", "/etc/nginx/nginx.conf");
        }
    }

    private static BigInteger servedSerial(int https) {
        return ServedCertificate.fetch("127.0.0.1", https, NAME).orElseThrow().getSerialNumber();
    }

    private static BigInteger awaitServedSerialOtherThan(int https, BigInteger old) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        BigInteger serial = servedSerial(https);
        while (serial.equals(old) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            serial = servedSerial(https);
        }
        return serial;
    }

    /** The HEALTHCHECK runs every 30 s: wait for its first verdict. */
    private static String awaitHealth(ComposeProject compose) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        String health = compose.health("sidecert");
        while (health.equals("starting") && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            health = compose.health("sidecert");
        }
        return health;
    }

    private static void assertPort80RedirectsAllButTheChallenges(int port) throws IOException {
        String page = get(port, "/shop?x=1");
        assertTrue(page.startsWith("HTTP/1.1 301"), page);
        assertTrue(page.contains("\r\nLocation: https://" + NAME + "/shop?x=1\r\n"), page);
        String challenge = get(port, "/.well-known/acme-challenge/unknown-token");
        assertTrue(challenge.startsWith("HTTP/1.1 404"), "challenges are answered over HTTP, not redirected: " + challenge);
    }

    // A plain socket: java.net.http will not send a Host header that differs from the address.
    private static String get(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + NAME
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            return response.substring(0, Math.max(0, response.indexOf("\r\n\r\n") + 2));
        }
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        for (List<?> san : certificate.getSubjectAlternativeNames()) {
            if (Integer.valueOf(2).equals(san.get(0))) {
                names.add((String) san.get(1));
            }
        }
        return names;
    }
}
