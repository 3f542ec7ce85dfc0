package io.sidecert.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.sidecert.acme.TrustingSessionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.DefaultConnection;
import org.shredzone.acme4j.exception.AcmeServerException;
import org.slf4j.LoggerFactory;

/**
 * The fixture works end to end with plain acme4j: real HTTP-01 through nginx, by webroot file and by a
 * responder on this host, bad nonces, ARI windows, profiles and EAB.
 */
@Tag("container")
class PebbleCaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());

    private final TrustingSessionFactory sessions = new TrustingSessionFactory();

    @Test
    void issuesWithHttp01AnsweredFromTheWebroot() throws Exception {
        PebbleCa ca = PEBBLE.ca();
        report("Pebble start (defaults)", ca.startupTime());
        Login login = newAccount(ca);

        Certificate certificate = timedIssue("webroot", login, "webroot.sidecert.test", PebbleOptions.DEFAULT_PROFILE,
                webrootAnswer(ca.site().webroot()));

        X509Certificate leaf = certificate.getCertificate();
        assertEquals(List.of("webroot.sidecert.test"), dnsNames(leaf));
        assertEquals(Duration.ofDays(90), lifetime(leaf));
        assertChainsTo(ca.issuingRoots(), certificate.getCertificateChain());
        assertTrue(ca.site().nginxLogs().contains("\"webroot.sidecert.test\" \"GET /.well-known/acme-challenge/"),
                "the VA fetched the challenge through nginx");
    }

    @Test
    void issuesWithHttp01AnsweredByAStandaloneResponderOnTheHost() throws Exception {
        PebbleCa ca = PEBBLE.ca();
        Login login = newAccount(ca);
        Map<String, String> answers = new ConcurrentHashMap<>();
        Set<String> hostHeaders = ConcurrentHashMap.newKeySet();
        HttpServer responder = HttpServer.create(new InetSocketAddress("0.0.0.0", ca.site().responderPort()), 0);
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            hostHeaders.add(exchange.getRequestHeaders().getFirst("Host"));
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            byte[] body = answers.getOrDefault(token, "").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        try {
            Certificate certificate = timedIssue("standalone", login, "standalone.sidecert.test",
                    PebbleOptions.SHORTLIVED_PROFILE, (token, keyAuthorization) -> answers.put(token, keyAuthorization));

            assertEquals(Duration.ofDays(6), lifetime(certificate.getCertificate()));
            assertEquals(Set.of("standalone.sidecert.test"), hostHeaders, "nginx forwarded the VA's requests");
        } finally {
            responder.stop(0);
        }
    }

    @Test
    void acme4jRetriesBadNoncesItself() throws Exception {
        ListAppender<ILoggingEvent> acme4jLog = new ListAppender<>();
        Logger connectionLogger = (Logger) LoggerFactory.getLogger(DefaultConnection.class);
        acme4jLog.start();
        connectionLogger.addAppender(acme4jLog);
        try (PebbleCa ca = PebbleCa.start(PebbleOptions.defaults().withNonceRejectPercent(20))) {
            report("Pebble start (20 % bad nonces)", ca.startupTime());
            Login login = newAccount(ca);
            for (int i = 1; i <= 5; i++) {
                Certificate certificate = timedIssue("20 % bad nonces #" + i, login, "nonce" + i + ".sidecert.test",
                        PebbleOptions.DEFAULT_PROFILE, webrootAnswer(ca.site().webroot()));
                assertEquals(List.of("nonce" + i + ".sidecert.test"), dnsNames(certificate.getCertificate()));
            }
        } finally {
            connectionLogger.detachAppender(acme4jLog);
        }
        long retries = acme4jLog.list.stream()
                .filter(event -> event.getFormattedMessage().startsWith("Bad Replay Nonce, trying again"))
                .count();
        report("badNonce retries by acme4j over 5 orders", retries);
        assertTrue(retries > 0, "Pebble rejected some nonces and acme4j retried them");
    }

    @Test
    void renewalInfoShowsTheWindowSetThroughTheManagementApi() throws Exception {
        PebbleCa ca = PEBBLE.ca();
        Login login = newAccount(ca);
        Certificate certificate = timedIssue("for ARI", login, "ari.sidecert.test", PebbleOptions.DEFAULT_PROFILE,
                webrootAnswer(ca.site().webroot()));
        RenewalInfo renewalInfo = certificate.getRenewalInfo();
        Instant pebblesOwnStart = renewalInfo.getSuggestedWindowStart();
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofHours(2));

        ca.setRenewalInfo(certificate.getCertificate(), start, end);
        renewalInfo.fetch(); // acme4j caches the RenewalInfo of a Certificate: fetch() asks again

        assertTrue(pebblesOwnStart.isAfter(Instant.now().plus(Duration.ofDays(50))), "Pebble's default window");
        assertEquals(start, renewalInfo.getSuggestedWindowStart());
        assertEquals(end, renewalInfo.getSuggestedWindowEnd());
    }

    @Test
    void setRenewalInfoRefusesACertificatePebbleDidNotIssue() {
        PebbleCa ca = PEBBLE.ca();
        X509Certificate foreign = ListenerTls.generate().ca();
        Instant start = Instant.now();

        assertThrows(IllegalStateException.class,
                () -> ca.setRenewalInfo(foreign, start, start.plus(Duration.ofHours(1))));
    }

    @Test
    void aSingleProfileGivesEveryOrderTheConfiguredValidity() throws Exception {
        try (PebbleCa ca = PebbleCa.start(PebbleOptions.defaults().withCertificateValidity(Duration.ofDays(10)))) {
            report("Pebble start (single 10-day profile)", ca.startupTime());
            Login login = newAccount(ca);
            Certificate certificate = timedIssue("no profile named", login, "unnamed.sidecert.test", null,
                    webrootAnswer(ca.site().webroot()));

            assertEquals(Duration.ofDays(10), lifetime(certificate.getCertificate()));
        }
    }

    @Test
    void eabRequiredPebbleAcceptsOnlyBoundAccounts() throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String hmac = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        try (PebbleCa ca = PebbleCa.start(PebbleOptions.defaults().withEabRequired(Map.of("kid-1", hmac)))) {
            report("Pebble start (EAB)", ca.startupTime());
            Session session = sessions.open(ca.directoryUrl(), Optional.of(ca.trustPem()));
            assertTrue(session.getMetadata().isExternalAccountRequired());

            AcmeServerException unbound = assertThrows(AcmeServerException.class, () -> new AccountBuilder()
                    .agreeToTermsOfService().useKeyPair(ecKey()).create(session));
            assertEquals("urn:ietf:params:acme:error:externalAccountRequired", unbound.getType().toString());

            Login bound = new AccountBuilder().agreeToTermsOfService().useKeyPair(ecKey())
                    .withKeyIdentifier("kid-1", hmac).createLogin(session);
            assertEquals(Status.VALID, bound.getAccount().getStatus());
        }
    }

    // ---- plain acme4j issuance, as a client would do it ----

    /** Publishes a key authorization where the VA will look for it. */
    @FunctionalInterface
    interface Http01Answer {
        void publish(String token, String keyAuthorization) throws IOException;
    }

    private static Http01Answer webrootAnswer(Path webroot) {
        return (token, keyAuthorization) -> {
            Path directory = Files.createDirectories(webroot.resolve(".well-known/acme-challenge"));
            Files.writeString(directory.resolve(token), keyAuthorization, StandardCharsets.US_ASCII);
        };
    }

    private Login newAccount(PebbleCa ca) throws Exception {
        Session session = sessions.open(ca.directoryUrl(), Optional.of(ca.trustPem()));
        return new AccountBuilder().agreeToTermsOfService().useKeyPair(ecKey()).createLogin(session);
    }

    private static Certificate timedIssue(String what, Login login, String domain, String profile, Http01Answer answer)
            throws Exception {
        long started = System.nanoTime();
        Certificate certificate = issue(login, domain, profile, answer);
        report("issuance (" + what + ")", Duration.ofNanos(System.nanoTime() - started));
        return certificate;
    }

    /** Orders and downloads a certificate; {@code profile} null names none. */
    private static Certificate issue(Login login, String domain, String profile, Http01Answer answer)
            throws Exception {
        var builder = login.newOrder().domain(domain);
        if (profile != null) {
            builder.profile(profile);
        }
        Order order = builder.create();
        for (var authorization : order.getAuthorizations()) {
            if (authorization.getStatus() == Status.VALID) {
                continue;
            }
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            answer.publish(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            Status status = challenge.waitForCompletion(TIMEOUT);
            assertEquals(Status.VALID, status, () -> domain + ": " + challenge.getError().map(Object::toString)
                    .orElse("no problem document"));
        }
        assertEquals(Status.READY, order.waitUntilReady(TIMEOUT));
        order.execute(ecKey());
        assertEquals(Status.VALID, order.waitForCompletion(TIMEOUT));
        return order.getCertificate();
    }

    /**
     * A P-256 key from the JDK. acme4j's {@code KeyPairUtils.createECKeyPair} asks for the "BC" provider by
     * name and fails unless Bouncy Castle was registered with {@code Security.addProvider} first.
     */
    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    // ---- assertions and reporting ----

    private static void assertChainsTo(List<X509Certificate> roots, List<X509Certificate> chain) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size()));
        var parameters = new PKIXParameters(roots.stream().map(root -> new TrustAnchor(root, null))
                .collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        return certificate.getSubjectAlternativeNames().stream()
                .filter(name -> Integer.valueOf(2).equals(name.get(0)))
                .map(name -> (String) name.get(1)).toList();
    }

    private static Duration lifetime(X509Certificate certificate) {
        // X.509 notAfter is inclusive: Pebble sets notAfter = notBefore + validity - 1 s.
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant())
                .plusSeconds(1).truncatedTo(ChronoUnit.HOURS);
    }

    private static final AtomicInteger REPORTS = new AtomicInteger();

    private static void report(String what, Object value) {
        String shown = value instanceof Duration duration ? duration.toMillis() + " ms" : String.valueOf(value);
        System.out.println("[timing " + REPORTS.incrementAndGet() + "] " + what + ": " + shown);
    }
}
