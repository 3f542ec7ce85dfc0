package io.sidecert.observe.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidecert.config.AlertSettings.WebhookFormat;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadsTest {
    private static final Alert FAILED = new Alert(AlertKind.RENEWAL_FAILED, "shop", "shop: renewal failed",
            List.of(new Alert.Fact("error", "Error", "[shop] validate: <no> & more"),
                    new Alert.Fact("nextAttempt", "Next attempt", "2026-11-24T11:00Z")),
            "retries send nothing", Instant.parse("2026-11-24T10:17:00Z"), "sidecert-1");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void jsonCarriesTheEventSeverityCertificateAndDetailsByKey() throws Exception {
        JsonNode body = json.readTree(WebhookPayloads.render(FAILED, WebhookFormat.JSON));

        assertEquals("renewal_failed", body.get("event").asText());
        assertEquals("critical", body.get("severity").asText());
        assertEquals("shop", body.get("certificate").asText());
        assertEquals("2026-11-24T11:00Z", body.at("/details/nextAttempt").asText());
        assertEquals("sidecert-1", body.get("host").asText());
    }

    @Test
    void slackGetsEscapedMarkdownText() throws Exception {
        JsonNode body = json.readTree(WebhookPayloads.render(FAILED, WebhookFormat.SLACK));

        String text = body.get("text").asText();
        assertTrue(text.startsWith(":rotating_light: *shop: renewal failed*"), text);
        assertTrue(text.contains("*Error:* [shop] validate: &lt;no&gt; &amp; more"), text);
    }

    @Test
    void teamsGetsAnAdaptiveCardWithTheFactsAsAFactSet() throws Exception {
        JsonNode body = json.readTree(WebhookPayloads.render(FAILED, WebhookFormat.TEAMS));

        assertEquals("message", body.get("type").asText());
        JsonNode attachment = body.at("/attachments/0");
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").asText());
        assertEquals("AdaptiveCard", attachment.at("/content/type").asText());
        assertEquals("shop: renewal failed", attachment.at("/content/body/0/text").asText());
        assertEquals("Next attempt", attachment.at("/content/body/1/facts/1/title").asText());
    }
}
