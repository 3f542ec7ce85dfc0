package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.store.CertificateMaterial;
import io.sidecert.testing.TestCertificates;
import java.math.BigInteger;
import java.net.ServerSocket;
import io.sidecert.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The served-certificate check against a TLS server in this JVM, with time driven by the test. */
class ServedCertificatesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final CertificateMaterial old = TestCertificates.issue("shop.example.com");
    final CertificateMaterial renewed = TestCertificates.issue("shop.example.com", "www.shop.example.com");
    final LocalTlsServer server = new LocalTlsServer(old);
    /** Moves only when the check sleeps. */
    final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    final AtomicInteger sleeps = new AtomicInteger();

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void theNewSerialServedForItsNameIsOk() throws Exception {
        server.serve(renewed);

        ServedCertificates.Verdict verdict = only(check(List.of("127.0.0.1"), server.port(), change(renewed)));

        assertTrue(verdict.ok(), verdict.detail());
        assertEquals("serial " + serial(renewed) + " on 127.0.0.1:" + server.port() + " for shop.example.com",
                verdict.detail());
        assertEquals(List.of("shop.example.com", "shop.example.com"), server.requestedNames,
                "asked with SNI for the first name, and once more to be sure");
        assertEquals(1, sleeps.get());
    }

    @Test
    void keepsAskingUntilTheProxyServesTheNewCertificate() throws Exception {
        ServedCertificates check = new ServedCertificates(new TlsProbe(), clock, duration -> {
            clock.advance(duration);
            if (sleeps.incrementAndGet() == 3) {
                server.serve(renewed);
            }
        }, TIMEOUT);

        ServedCertificates.Verdict verdict = only(check.verify(List.of("127.0.0.1"), server.port(), List.of(change(renewed))));

        assertTrue(verdict.ok(), verdict.detail());
        assertEquals(4, sleeps.get(), "new from the 4th attempt on, confirmed by the 5th");
    }

    @Test
    void oneNewAnswerBetweenOldOnesIsNotEnough() throws Exception {
        AtomicInteger attempt = new AtomicInteger();
        ServedCertificates check = new ServedCertificates(new TlsProbe(), clock, duration -> {
            clock.advance(duration);
            server.serve(attempt.incrementAndGet() == 1 ? old : renewed);   // new, old, then new for good
        }, TIMEOUT);
        server.serve(renewed);

        ServedCertificates.Verdict verdict = only(check.verify(List.of("127.0.0.1"), server.port(), List.of(change(renewed))));

        assertTrue(verdict.ok(), verdict.detail());
        assertEquals(4, server.requestedNames.size(), "new, old, new, new: confirmed at the 4th handshake, "
                + server.requestedNames);
    }

    @Test
    void anOldCertificateStillServedAfterTheTimeoutIsStale() throws Exception {
        ServedCertificates.Verdict verdict = only(check(List.of("127.0.0.1"), server.port(), change(renewed)));

        assertFalse(verdict.ok());
        assertEquals("after 10 s, 127.0.0.1:" + server.port() + " still serves serial " + serial(old)
                + " for shop.example.com, not the new " + serial(renewed) + "; check that the proxy reads "
                + "live/shop/fullchain.pem and privkey.pem for that name", verdict.detail());
        assertTrue(sleeps.get() >= 15 && sleeps.get() <= 20, "bounded: " + sleeps.get() + " retries");
    }

    @Test
    void nothingListeningIsReportedWithWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket unused = new ServerSocket(0)) {
            closedPort = unused.getLocalPort();
        }

        ServedCertificates.Verdict verdict = only(check(List.of("127.0.0.1"), closedPort, change(renewed)));

        assertFalse(verdict.ok());
        assertTrue(verdict.detail().startsWith("after 10 s, no TLS answer from 127.0.0.1:" + closedPort
                + " for shop.example.com (Connection refused); check that the target serves TLS on port "
                + closedPort), verdict.detail());
    }

    @Test
    void triesEachAddressOfTheContainerUntilOneAnswers() throws Exception {
        server.serve(renewed);

        ServedCertificates.Verdict verdict = only(check(List.of("127.0.0.2", "127.0.0.1"), server.port(),
                change(renewed)));

        assertTrue(verdict.ok(), verdict.detail());
        assertTrue(verdict.detail().contains("on 127.0.0.1:"), verdict.detail());
    }

    @Test
    void aContainerWithoutAddressNeedsVerifyHost() throws Exception {
        ServedCertificates.Verdict verdict = only(check(List.of(), 443, change(renewed)));

        assertFalse(verdict.ok());
        assertTrue(verdict.detail().contains("set verify-host on the target"), verdict.detail());
    }

    @Test
    void aWildcardCertificateIsAskedForWithANameUnderIt() {
        assertEquals("sidecert-check.example.com",
                new CertificateChange("wild", List.of("*.example.com"), BigInteger.ONE).serverName());
        assertEquals("example.com",
                new CertificateChange("wild", List.of("*.example.com", "example.com"), BigInteger.ONE).serverName());
    }

    private List<ServedCertificates.Verdict> check(List<String> hosts, int port, CertificateChange change)
            throws InterruptedException {
        ServedCertificates check = new ServedCertificates(new TlsProbe(), clock, duration -> {
            sleeps.incrementAndGet();
            clock.advance(duration);
        }, TIMEOUT);
        return check.verify(hosts, port, List.of(change));
    }

    private static CertificateChange change(CertificateMaterial material) {
        return new CertificateChange("shop", material.facts().domains(), material.facts().serial());
    }

    private static String serial(CertificateMaterial material) {
        return material.facts().serial().toString(16);
    }

    private static ServedCertificates.Verdict only(List<ServedCertificates.Verdict> verdicts) {
        assertEquals(1, verdicts.size(), verdicts.toString());
        return verdicts.get(0);
    }
}
