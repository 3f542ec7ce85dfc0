package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.sidecert.config.ConfigLoader;
import io.sidecert.config.SidecertConfig;
import io.sidecert.event.RenewalEvent;
import io.sidecert.observe.health.HealthFinding;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.LogCapture;
import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import io.sidecert.testing.PrometheusText;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end, against a real Pebble (with External Account Binding, for a real secret in play), a real
 * SMTP server (GreenMail, with login) and a webhook receiver: what the admin port serves after a real issuance,
 * one alert per change of state, health on a failure streak and through the contributor seam, and logs without
 * secrets.
 */
@Tag("container")
class ObservabilityTest {
    private static final String KID = "observe-kid";
    private static final String HMAC = "b2JzZXJ2ZS1obWFjLWtleS1mb3ItdGhlLWVhYi1iaW5kaW5nLTAxMjM0NTY3ODk";
    private static final String SMTP_PASSWORD = "Smtp-Pa55word-never-logged";
    private static final String WEBHOOK_TOKEN = "T0KEN-in-the-webhook-url-4f2a";
    private static final Duration ALERT_WAIT = Duration.ofSeconds(15);

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(
            PebbleOptions.defaults().withEabRequired(Map.of(KID, HMAC)));

    @TempDir
    Path dir;

    private GreenMail smtp;
    private HttpServer webhookReceiver;
    private final List<String> webhookCalls = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startReceivers() throws Exception {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.setUser("alerts@sidecert.test", "alerts@sidecert.test", SMTP_PASSWORD);
        smtp.start();
        webhookReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhookReceiver.createContext("/hooks/" + WEBHOOK_TOKEN, exchange -> {
            webhookCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookReceiver.start();
        Files.writeString(dir.resolve("eab-hmac"), HMAC + "\n");
        Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD + "\n");
        Files.writeString(dir.resolve("webhook-url"), "http://127.0.0.1:" + webhookReceiver.getAddress().getPort()
                + "/hooks/" + WEBHOOK_TOKEN + "\n");
    }

    @AfterEach
    void stopReceivers() {
        smtp.stop();
        webhookReceiver.stop(0);
    }

    @Test
    void theDaemonServesMetricsHealthAndAStatusPageAfterARealIssuance() throws Exception {
        PEBBLE.ca().site().addA("broken.observe.sidecert.test", "127.0.0.1");   // nothing answers HTTP-01 there
        Sidecert sidecert = sidecert().certificates("shop { domains = [shop.observe.sidecert.test, www.observe.sidecert.test] }",
                "broken { domains = [broken.observe.sidecert.test] }");
        SidecertConfig config = new ConfigLoader(Map.of()).load(dir.resolve("sidecert.conf"));
        Wiring wiring = Wiring.of(config, Clock.systemUTC());
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();
        wiring.events.subscribe(events::add);
        try (Daemon daemon = Daemon.start(dir.resolve("sidecert.conf"), new ConfigLoader(Map.of()), config, wiring)) {
            awaitCheck(events);
            StoredCertificate shop = sidecert.live("shop");
            String base = "http://127.0.0.1:" + sidecert.adminPort();

            PrometheusText metrics = PrometheusText.parse(get(base + "/metrics", 200));
            Map<String, String> shopLabel = Map.of("name", "shop");
            assertEquals((double) shop.facts().notAfter().getEpochSecond(),
                    metrics.value("sidecert_certificate_expiration_timestamp_seconds", shopLabel).orElseThrow());
            assertEquals((double) shop.facts().notBefore().getEpochSecond(),
                    metrics.value("sidecert_certificate_not_before_timestamp_seconds", shopLabel).orElseThrow());
            double nextRenewal = metrics.value("sidecert_certificate_next_renewal_timestamp_seconds", shopLabel).orElseThrow();
            assertTrue(nextRenewal > Instant.now().getEpochSecond() + Duration.ofDays(50).toSeconds(), "renews in ~60 days");
            assertEquals(1.0, metrics.value("sidecert_certificate_last_result", Map.of("name", "shop", "result", "renewed")).orElseThrow());
            assertEquals(1.0, metrics.value("sidecert_certificate_last_result", Map.of("name", "broken", "result", "failed")).orElseThrow());
            assertTrue(metrics.value("sidecert_certificate_last_renewal_timestamp_seconds", shopLabel).isPresent());
            assertEquals(List.of(), metrics.find("sidecert_certificate_expiration_timestamp_seconds", Map.of("name", "broken")));
            assertEquals(1.0, metrics.value("sidecert_renewal_attempts_total", Map.of("name", "shop", "result", "renewed")).orElseThrow());
            assertEquals(0.0, metrics.value("sidecert_renewal_attempts_total", Map.of("name", "shop", "result", "failed")).orElseThrow());
            assertEquals(1.0, metrics.value("sidecert_renewal_attempts_total", Map.of("name", "broken", "result", "failed")).orElseThrow());
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "new-order", "method", "POST", "status", "201")) >= 2,
                    "both orders were created");
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "directory", "method", "GET", "status", "200")) >= 1);
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "new-account", "status", "201")) >= 1,
                    "the EAB registration");
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "finalize")) >= 1);
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "certificate")) >= 1);
            assertTrue(sum(metrics, "sidecert_acme_requests_seconds_count", Map.of("endpoint", "challenge")) >= 2);
            assertEquals(List.of(), metrics.find("sidecert_acme_requests_seconds_count", Map.of("endpoint", "other")),
                    "every request named: " + metrics.find("sidecert_acme_requests_seconds_count", Map.of()));
            assertEquals(1.0, metrics.value("sidecert_check_duration_seconds_count", Map.of()).orElseThrow());
            assertTrue(metrics.value("sidecert_check_last_completed_timestamp_seconds", Map.of()).orElseThrow() > 0);
            assertEquals(1.0, metrics.value("sidecert_check_failed_certificates", Map.of()).orElseThrow());
            assertFalse(metrics.find("jvm_memory_used_bytes", Map.of()).isEmpty());
            assertFalse(metrics.find("process_uptime_seconds", Map.of()).isEmpty());

            JsonNode health = json.readTree(get(base + "/health", 200));
            assertEquals("ok", health.get("status").asText(), "one failure is retried, not yet a streak: " + health);

            wiring.health.add(now -> List.of(HealthFinding.degraded("Docker is unreachable at /var/run/docker.sock")));
            JsonNode degraded = json.readTree(get(base + "/health", 200));
            assertEquals("degraded", degraded.get("status").asText());
            assertEquals("Docker is unreachable at /var/run/docker.sock", degraded.at("/reasons/0").asText());
            Sidecert.Run healthCommand = sidecert.run("health").expect(0);
            assertTrue(healthCommand.out().startsWith("degraded"), healthCommand.out());

            JsonNode status = json.readTree(get(base + "/status", 200));
            assertEquals(2, status.get("certificates").size());
            JsonNode shopRow = row(status, "shop");
            assertEquals("ok", shopRow.get("state").asText());
            assertTrue(shopRow.get("issuer").asText().startsWith("Pebble Intermediate"), shopRow.toString());
            assertEquals(shop.facts().notAfter().toString(), shopRow.get("notAfter").asText());
            JsonNode brokenRow = row(status, "broken");
            assertEquals("failing", brokenRow.get("state").asText());
            assertTrue(brokenRow.get("lastError").asText().startsWith("[broken]"), brokenRow.toString());

            String page = get(base + "/", 200);
            assertEquals(2, count(page, "<tr class=\"certificate "), page);
            assertTrue(page.contains("id=\"certificate-shop\"") && page.contains("www.observe.sidecert.test"), page);
            assertTrue(page.contains("class=\"mark\""), "the renewal point is marked");
            assertTrue(page.contains("[broken]"), "the error is shown");
            Screenshots.take(URI.create(base + "/"), "status-page");

            assertOneAlert("[sidecert] broken: renewal failed", "renewal_failed", "broken");
        }
    }

    @Test
    void aFailingRenewalAlertsOnceRetriesStayQuietAStreakDegradesHealthAndTheRecoveryAlertsOnceMore() throws Exception {
        Sidecert sidecert = sidecert().unservedWebroot().certificates("flaky { domains = [flaky.observe.sidecert.test] }");

        sidecert.check().expect(1);
        assertOneAlert("[sidecert] flaky: renewal failed", "renewal_failed", "flaky");
        assertTrue(webhookCalls.get(0).contains("nextAttempt"), webhookCalls.get(0));

        sidecert.check().expect(1);                                // held back by the back-off: no attempt
        sidecert.run("renew", "flaky", "--force").expect(1);       // failure 2
        sidecert.run("renew", "flaky", "--force").expect(1);       // failure 3: a streak
        assertEquals(1, smtp.getReceivedMessages().length, "retries send no e-mail");
        assertEquals(1, webhookCalls.size(), "retries call no webhook");

        SidecertConfig config = new ConfigLoader(Map.of()).load(dir.resolve("sidecert.conf"));
        List<RenewalEvent> events = new CopyOnWriteArrayList<>();
        Wiring wiring = Wiring.of(config, Clock.systemUTC());
        wiring.events.subscribe(events::add);
        try (Daemon daemon = Daemon.start(dir.resolve("sidecert.conf"), new ConfigLoader(Map.of()), config, wiring)) {
            awaitCheck(events);
            JsonNode health = json.readTree(get("http://127.0.0.1:" + sidecert.adminPort() + "/health", 200));
            assertEquals("degraded", health.get("status").asText(), health.toString());
            assertTrue(health.at("/reasons/0").asText().startsWith("[flaky] renewal failed 3 times in a row"), health.toString());
        }

        sidecert.webroot().certificates("flaky { domains = [flaky.observe.sidecert.test] }");
        sidecert.run("renew", "flaky", "--force").expect(0);
        sidecert.check().expect(0);                                // not due: nothing more

        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(2, mails.length);
        assertEquals("[sidecert] flaky: recovered", mails[1].getSubject());
        assertEquals(2, webhookCalls.size());
        JsonNode recovered = json.readTree(webhookCalls.get(1));
        assertEquals("recovered", recovered.get("event").asText());
        assertEquals("flaky", recovered.get("certificate").asText());
    }

    @Test
    void theLogsOfARunWithEabSmtpAndWebhooksHoldNoSecret() throws Exception {
        PEBBLE.ca().site().addA("refused.observe.sidecert.test", "127.0.0.1");
        Sidecert sidecert = sidecert().extra(alerts() + "\nlog.level = debug")
                .certificates("secretive { domains = [secretive.observe.sidecert.test] }",
                        "refused { domains = [refused.observe.sidecert.test] }");

        String logs = LogCapture.during(() -> sidecert.check().expect(1), "com.icegreen");

        assertTrue(logs.contains("[secretive] renewed"), "the capture works: " + logs);
        assertTrue(logs.contains("alert sent by e-mail"), logs);
        assertTrue(logs.contains("alert sent by json webhook"), logs);
        assertTrue(logs.contains("registered ACME account"), "the EAB registration ran");
        for (String secret : List.of(HMAC, SMTP_PASSWORD, WEBHOOK_TOKEN)) {
            assertFalse(logs.contains(secret), "a secret in the logs: " + secret);
        }
        assertEquals(1, smtp.getReceivedMessages().length, "logged in with the password from the file");
    }

    private Sidecert sidecert() throws Exception {
        return new Sidecert(dir, PEBBLE.ca()).acme("eab { kid = " + KID + ", hmac-key-file = eab-hmac }").extra(alerts());
    }

    private String alerts() {
        return """
                alerts {
                  email { smtp-host = "127.0.0.1", smtp-port = %d, security = none, username = "alerts@sidecert.test",
                          password-file = smtp-password, from = "sidecert@sidecert.test", to = ["ops@sidecert.test"] }
                  webhooks = [ { url-file = webhook-url, format = json } ]
                }
                """.formatted(smtp.getSmtp().getPort());
    }

    private void assertOneAlert(String subject, String event, String certificate) throws Exception {
        assertTrue(smtp.waitForIncomingEmail(ALERT_WAIT.toMillis(), 1), "an e-mail arrived");
        Instant deadline = Instant.now().plus(ALERT_WAIT);
        while (webhookCalls.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        Thread.sleep(500);   // anything more would arrive now
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertEquals(1, mails.length, "exactly one e-mail");
        assertEquals(subject, mails[0].getSubject());
        assertEquals("ops@sidecert.test", mails[0].getAllRecipients()[0].toString());
        assertEquals(1, webhookCalls.size(), "exactly one webhook call: " + webhookCalls);
        JsonNode call = json.readTree(webhookCalls.get(0));
        assertEquals(event, call.get("event").asText());
        assertEquals(certificate, call.get("certificate").asText());
    }

    private static void awaitCheck(List<RenewalEvent> events) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (events.stream().noneMatch(RenewalEvent.CheckCompleted.class::isInstance) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertTrue(events.stream().anyMatch(RenewalEvent.CheckCompleted.class::isInstance), "the start-up check finished");
    }

    private String get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), url + ": " + response.body());
        return response.body();
    }

    private static JsonNode row(JsonNode status, String name) {
        for (JsonNode row : status.get("certificates")) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + name + " in " + status);
    }

    private static double sum(PrometheusText metrics, String name, Map<String, String> labels) {
        return metrics.find(name, labels).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Headless Chromium screenshots of a page, when Debian's chromium is installed; skipped (with a note) otherwise. */
    static final class Screenshots {
        private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

        static void take(URI page, String name) throws Exception {
            if (!Files.isExecutable(CHROMIUM)) {
                System.out.println("[screenshot] " + CHROMIUM + " is not installed; the page was checked as HTML only");
                return;
            }
            Path out = Files.createDirectories(Path.of("target", "screenshots"));
            shoot(page, out.resolve(name + "-phone.png"), "412,915");
            shoot(page, out.resolve(name + "-desktop.png"), "1280,800");
        }

        private static void shoot(URI page, Path png, String size) throws Exception {
            Path profile = Files.createTempDirectory("sidecert-chromium-");
            Files.deleteIfExists(png);
            Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                    "--disable-extensions", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                    "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=" + size,
                    "--screenshot=" + png.toAbsolutePath(), page.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                assertTrue(chromium.waitFor(90, TimeUnit.SECONDS), "chromium finished");
            } finally {
                chromium.destroyForcibly();
                io.sidecert.testing.TestFiles.deleteQuietly(profile);
            }
            assertTrue(Files.size(png) > 5_000, "a real screenshot: " + png);
            System.out.println("[screenshot] " + png.toAbsolutePath());
        }
    }
}
