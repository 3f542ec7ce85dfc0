package io.sidecert.observe.alert;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.AlertSettings;
import io.sidecert.event.RenewalEvent;
import io.sidecert.renew.CertificateStatus;
import io.sidecert.testing.TestClock;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert policy: one alert per change of state, remembered across restarts; delivery trouble stays contained. */
class AlertsTest {
    private static final Instant START = Instant.parse("2026-11-24T10:17:00Z");

    @TempDir
    Path state;

    private final TestClock clock = new TestClock(START);
    private final Map<String, CertificateStatus> certificates = new ConcurrentHashMap<>();
    private final Recording channel = new Recording();

    @Test
    void aFailingRenewalIsAlertedOnceAndItsRetriesStayQuiet() {
        certificate("shop", Optional.empty(), 1);
        try (Alerts alerts = alerts(settings(false, false))) {
            alerts.on(failed("shop", 1));
            clock.advance(Duration.ofMinutes(2));
            alerts.on(new RenewalEvent.Deferred("shop", START.plus(Duration.ofMinutes(10)), "validate: no"));
            alerts.on(failed("shop", 2));
            alerts.on(failed("shop", 3));
            alerts.on(new RenewalEvent.CheckCompleted(0, 1, 1, Duration.ofSeconds(3)));
        }

        assertEquals(1, channel.sent.size(), channel.subjects().toString());
        Alert alert = channel.sent.get(0);
        assertEquals(AlertKind.RENEWAL_FAILED, alert.kind());
        assertEquals("[sidecert] shop: renewal failed", alert.subject());
        assertTrue(alert.text().contains("[shop] validate: the CA could not fetch the token"), alert.text());
        assertTrue(alert.text().contains("Next attempt:"), alert.text());
        assertTrue(alert.text().contains("none stored yet"), alert.text());
    }

    @Test
    void aRenewalAfterFailuresIsOneRecoveryAndSuccessNoticesOnlyWhenAsked() {
        try (Alerts alerts = alerts(settings(false, false))) {
            alerts.on(failed("shop", 1));
            alerts.on(renewed("shop"));
            alerts.on(renewed("shop"));
        }
        assertEquals(List.of("[sidecert] shop: renewal failed", "[sidecert] shop: recovered"), channel.subjects());
        assertTrue(channel.sent.get(1).text().contains("renewal failing: [shop] validate"), channel.sent.get(1).text());

        channel.sent.clear();
        try (Alerts alerts = alerts(settings(true, false))) {
            alerts.on(renewed("api"));
        }
        assertEquals(List.of("[sidecert] api: renewed"), channel.subjects());
    }

    @Test
    void aRestartRemembersWhatWasAlertedSoNothingRepeatsAndTheRecoveryStillComes() {
        try (Alerts before = alerts(settings(false, false))) {
            before.on(failed("shop", 1));
        }
        try (Alerts after = alerts(settings(false, false))) {
            after.on(failed("shop", 2));
            after.on(renewed("shop"));
        }
        assertEquals(List.of("[sidecert] shop: renewal failed", "[sidecert] shop: recovered"), channel.subjects());
        assertTrue(Files.exists(state.resolve("alerts.json")));
    }

    @Test
    void aCertificateCloseToExpiryIsAlertedDailyUntilRenewed() {
        certificate("old", Optional.of(START.plus(Duration.ofDays(5))), 0);
        try (Alerts alerts = alerts(settings(false, false))) {
            for (int hour = 0; hour < 30; hour++) {
                alerts.on(new RenewalEvent.CheckCompleted(0, 0, 1, Duration.ofSeconds(1)));
                clock.advance(Duration.ofHours(1));
            }
            certificate("old", Optional.of(clock.instant().plus(Duration.ofDays(90))), 0);
            alerts.on(renewed("old"));
            alerts.on(new RenewalEvent.CheckCompleted(1, 0, 1, Duration.ofSeconds(1)));
        }
        assertEquals(List.of("[sidecert] old: expires in 5 days, not renewed",
                "[sidecert] old: expires in 4 days, not renewed", "[sidecert] old: recovered"), channel.subjects());
    }

    @Test
    void theDailyDigestGoesOutOncePerDay() {
        certificate("shop", Optional.of(START.plus(Duration.ofDays(60))), 0);
        certificate("api", Optional.empty(), 2);
        try (Alerts alerts = alerts(settings(false, true))) {
            for (int hour = 0; hour < 25; hour++) {
                alerts.on(new RenewalEvent.CheckCompleted(0, 0, 2, Duration.ofSeconds(1)));
                clock.advance(Duration.ofHours(1));
            }
        }
        assertEquals(2, channel.sent.size(), channel.subjects().toString());
        Alert digest = channel.sent.get(0);
        assertEquals("[sidecert] daily digest: 2 certificate(s), 1 need(s) attention", digest.subject());
        assertTrue(digest.text().contains("shop:") && digest.text().contains("valid until 2027-01-23T10:17Z (60 days left)"),
                digest.text());
        assertTrue(digest.text().contains("api:") && digest.text().contains("no certificate yet"), digest.text());
    }

    @Test
    void reloadFailuresAndStaleCertificatesAreConditionsPerTarget() {
        try (Alerts alerts = alerts(settings(false, false))) {
            alerts.reloadFailed("shop", "nginx", "container nginx not found");
            alerts.reloadFailed("shop", "nginx", "container nginx not found");
            alerts.reloadFailed("shop", "haproxy", "signal refused");
            alerts.reloaded("shop", "nginx");
            alerts.servedCertificate("shop", "nginx", false, "serves serial 0a, stored is 0b");
            alerts.servedCertificate("shop", "nginx", true, "serves serial 0b");
        }
        assertEquals(List.of("[sidecert] shop: reload of nginx failed", "[sidecert] shop: reload of haproxy failed",
                "[sidecert] shop: recovered", "[sidecert] shop: nginx serves an old certificate",
                "[sidecert] shop: recovered"), channel.subjects());
    }

    @Test
    void aChannelThatFailsIsLoggedAndTheOthersStillDeliver() {
        List<Boolean> deliveries = new CopyOnWriteArrayList<>();
        AlertChannel broken = new AlertChannel() {
            @Override
            public void send(Alert alert) throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public String describe() {
                return "broken";
            }

            @Override
            public String kind() {
                return "email";
            }
        };
        AlertDispatcher dispatcher = new AlertDispatcher(List.of(broken, channel), List.of(Duration.ZERO),
                (kind, sent) -> deliveries.add(sent));
        try (Alerts alerts = new Alerts(settings(false, false), new AlertBook(state), dispatcher, this::statuses,
                clock, "test-host")) {
            assertDoesNotThrow(() -> alerts.on(failed("shop", 1)));
        }
        assertEquals(1, channel.sent.size());
        assertEquals(List.of(false, true), deliveries, "the broken channel tried twice, then gave up; the other sent");
    }

    private Alerts alerts(AlertSettings settings) {
        return new Alerts(settings, new AlertBook(state), new AlertDispatcher(List.of(channel), List.of(),
                AlertDispatcher.DeliveryListener.NONE), this::statuses, clock, "test-host");
    }

    private List<CertificateStatus> statuses() {
        return new ArrayList<>(certificates.values());
    }

    private void certificate(String name, Optional<Instant> notAfter, int failures) {
        certificates.put(name, new CertificateStatus(name, List.of(name + ".example"), notAfter.map(t -> "R11"),
                notAfter, Optional.of(clock.instant()), Optional.of(failures > 0 ? "failed" : "renewed"),
                failures > 0 ? Optional.of("[" + name + "] order: no") : Optional.empty(),
                notAfter.map(t -> t.minus(Duration.ofDays(90))), notAfter.map(t -> t.minus(Duration.ofDays(30))),
                Optional.of(clock.instant()), Optional.empty(), failures));
    }

    private static AlertSettings settings(boolean successNotices, boolean digest) {
        return new AlertSettings(Optional.empty(), List.of(), Duration.ofDays(7), successNotices, digest);
    }

    private RenewalEvent.Failed failed(String name, int failures) {
        return new RenewalEvent.Failed(name, "validate", "[" + name + "] validate: the CA could not fetch the token",
                failures, Optional.of(clock.instant().plus(Duration.ofMinutes(10L * failures))));
    }

    private RenewalEvent.Renewed renewed(String name) {
        return new RenewalEvent.Renewed(name, List.of(name + ".example"), BigInteger.TWO,
                clock.instant().plus(Duration.ofDays(90)), 2, "due: expiring", Optional.empty());
    }

    /** Records what it was asked to send. */
    static final class Recording implements AlertChannel {
        final List<Alert> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(Alert alert) {
            sent.add(alert);
        }

        @Override
        public String describe() {
            return "recording";
        }

        @Override
        public String kind() {
            return "webhook";
        }

        List<String> subjects() {
            return sent.stream().map(Alert::subject).toList();
        }
    }
}
