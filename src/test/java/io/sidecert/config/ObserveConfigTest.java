package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.AlertSettings.SmtpSecurity;
import io.sidecert.config.AlertSettings.WebhookFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin, alerts and log sections: defaults, a full set-up with secrets from files, and environment overrides. */
class ObserveConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsServeTheAdminPortOnAllInterfacesAndAlertNobody() throws Exception {
        SidecertConfig config = load("", Map.of());

        assertEquals(new AdminSettings(true, "0.0.0.0", 9100), config.admin());
        assertEquals(new AlertSettings(Optional.empty(), List.of(), Duration.ofDays(7), false, false), config.alerts());
        assertFalse(config.alerts().anyChannel());
        assertEquals(new LogSettings(LogFormat.TEXT, "info"), config.log());
    }

    @Test
    void readsEmailAndWebhooksWithTheirSecretsFromFiles() throws Exception {
        Files.writeString(dir.resolve("smtp-password"), "s3cret-Smtp\n");
        Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.com/services/T0/B0/tok3n\n");

        SidecertConfig config = load("""
                alerts {
                  email { smtp-host = smtp.example.com, smtp-port = 465, security = tls, username = "alerts@example.com",
                          password-file = smtp-password, from = "sidecert@example.com", to = ["ops@example.com", "b@example.org"] }
                  webhooks = [ { url-file = slack-url, format = slack }, { url = "https://example.com/hook" } ]
                  expiring-within = 10d, success-notices = true, daily-digest = true
                }
                admin { port = 9200, bind = "127.0.0.1" }
                log.format = json
                """, Map.of());

        AlertSettings.Email email = config.alerts().email().orElseThrow();
        assertEquals(SmtpSecurity.TLS, email.security());
        assertEquals(465, email.smtpPort());
        assertEquals(Optional.of("s3cret-Smtp"), email.password());
        assertEquals(List.of("ops@example.com", "b@example.org"), email.to());
        assertEquals(URI.create("https://hooks.slack.com/services/T0/B0/tok3n"), config.alerts().webhooks().get(0).url());
        assertEquals(WebhookFormat.SLACK, config.alerts().webhooks().get(0).format());
        assertEquals(WebhookFormat.JSON, config.alerts().webhooks().get(1).format(), "json unless said otherwise");
        assertEquals(Duration.ofDays(10), config.alerts().expiringWithin());
        assertTrue(config.alerts().successNotices() && config.alerts().dailyDigest());
        assertEquals(new AdminSettings(true, "127.0.0.1", 9200), config.admin());
        assertEquals(LogFormat.JSON, config.log().format());
        assertFalse(config.alerts().toString().contains("s3cret") || config.alerts().toString().contains("tok3n"),
                "printing the settings shows no secret: " + config.alerts());
    }

    @Test
    void theEnvironmentSetsTheLogFormatAndACommaSeparatedRecipientList() throws Exception {
        SidecertConfig config = load("alerts.email { smtp-host = localhost, security = none, from = \"s@example.com\" }\n",
                Map.of("SIDECERT_LOG_FORMAT", "json", "SIDECERT_LOG_LEVEL", "debug",
                        "SIDECERT_ALERTS_EMAIL_TO", "a@example.com, b@example.com", "SIDECERT_ADMIN_PORT", "9300"));

        assertEquals(new LogSettings(LogFormat.JSON, "debug"), config.log());
        assertEquals(List.of("a@example.com", "b@example.com"), config.alerts().email().orElseThrow().to());
        assertEquals(9300, config.admin().port());
    }

    private SidecertConfig load(String content, Map<String, String> environment) throws IOException, ConfigException {
        return new ConfigLoader(environment).load(Files.writeString(dir.resolve("sidecert.conf"), content));
    }
}
