package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.AlertSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts alerts to a webhook as sidecert's JSON, or in the shape Slack or Teams expect. */
final class WebhookChannel implements AlertChannel {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final AlertSettings.Webhook webhook;
    private final HttpClient http;

    WebhookChannel(AlertSettings.Webhook webhook, HttpClient http) {
        this.webhook = requireNonNull(webhook, "webhook");
        this.http = requireNonNull(http, "http");
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public void send(Alert alert) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(webhook.url())
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "sidecert")
                .POST(HttpRequest.BodyPublishers.ofString(WebhookPayloads.render(alert, webhook.format()),
                        StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + webhook.site(), e);
        } catch (IOException e) {
            // The JDK's messages may hold the URL; name only its site.
            throw new IOException("cannot post to " + webhook.site() + ": " + e.getClass().getSimpleName(), null);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(webhook.site() + " answered HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
    }

    @Override
    public String describe() {
        return webhook.format().name().toLowerCase(java.util.Locale.ROOT) + " webhook at " + webhook.site();
    }

    @Override
    public String kind() {
        return "webhook";
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
