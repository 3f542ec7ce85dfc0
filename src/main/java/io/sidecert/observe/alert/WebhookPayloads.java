package io.sidecert.observe.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sidecert.config.AlertSettings.WebhookFormat;

/**
 * The JSON bodies of webhook alerts.
 * <ul>
 *   <li>json: {@code {"source":"sidecert","event":"renewal_failed","severity":"critical","certificate":"shop",
 *       "summary":..., "text":..., "time":..., "host":..., "details":{"error":..., "nextAttempt":...}}}</li>
 *   <li>slack: an incoming-webhook message, {@code {"text": "*shop: renewal failed*\n*Error:* ..."}}</li>
 *   <li>teams: a Teams workflow message holding an Adaptive Card (title, facts, note)</li>
 * </ul>
 */
final class WebhookPayloads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayloads() {
    }

    static String render(Alert alert, WebhookFormat format) {
        ObjectNode body = switch (format) {
            case JSON -> json(alert);
            case SLACK -> slack(alert);
            case TEAMS -> teams(alert);
        };
        return body.toString();
    }

    static ObjectNode json(Alert alert) {
        ObjectNode body = JSON.createObjectNode()
                .put("source", "sidecert")
                .put("event", alert.kind().event())
                .put("severity", alert.kind().severity().label())
                .put("certificate", alert.certificate())
                .put("summary", alert.summary())
                .put("text", alert.text())
                .put("time", alert.time().toString())
                .put("host", alert.host());
        ObjectNode details = body.putObject("details");
        alert.facts().forEach(fact -> details.put(fact.key(), fact.value()));
        return body;
    }

    static ObjectNode slack(Alert alert) {
        String icon = switch (alert.kind().severity()) {
            case CRITICAL -> ":rotating_light: ";
            case RESOLVED -> ":white_check_mark: ";
            case INFO -> "";
        };
        StringBuilder text = new StringBuilder(icon).append('*').append(escape(alert.summary())).append("*\n");
        alert.facts().forEach(fact -> text.append('*').append(escape(fact.label())).append(":* ")
                .append(escape(fact.value())).append('\n'));
        if (!alert.note().isEmpty()) {
            text.append('_').append(escape(alert.note())).append("_\n");
        }
        text.append("sidecert on ").append(escape(alert.host()));
        return JSON.createObjectNode().put("text", text.toString());
    }

    static ObjectNode teams(Alert alert) {
        ObjectNode card = JSON.createObjectNode()
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json")
                .put("type", "AdaptiveCard")
                .put("version", "1.4");
        ArrayNode content = card.putArray("body");
        content.addObject().put("type", "TextBlock").put("size", "Medium").put("weight", "Bolder").put("wrap", true)
                .put("color", switch (alert.kind().severity()) {
                    case CRITICAL -> "Attention";
                    case RESOLVED -> "Good";
                    case INFO -> "Default";
                })
                .put("text", alert.summary());
        ArrayNode facts = content.addObject().put("type", "FactSet").putArray("facts");
        alert.facts().forEach(fact -> facts.addObject().put("title", fact.label()).put("value", fact.value()));
        content.addObject().put("type", "TextBlock").put("wrap", true).put("isSubtle", true)
                .put("text", (alert.note().isEmpty() ? "" : alert.note() + " ") + "sidecert on " + alert.host());
        ObjectNode message = JSON.createObjectNode().put("type", "message");
        message.putArray("attachments").addObject()
                .put("contentType", "application/vnd.microsoft.card.adaptive")
                .set("content", card);
        return message;
    }

    /** Slack's three control characters in message text. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
