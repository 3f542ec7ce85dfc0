package io.sidecert.challenge.dns01.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What Cloudflare's error envelope ({@code success: false, errors: [{code, message}]}) means for the operator. */
final class CloudflareErrors {
    private CloudflareErrors() {
    }

    static String describe(String what, int status, JsonNode envelope, String tokenFile) {
        String errors = errors(envelope);
        String answered = "Cloudflare answered HTTP " + status + (errors.isEmpty() ? "" : " (" + errors + ")");
        if (status == 401 || status == 403) {
            return "Cloudflare refused the API token to " + what + ": " + answered + "; check that the token in "
                    + tokenFile + " is valid and may edit DNS of the zone (permissions Zone:Zone:Read and Zone:DNS:Edit)";
        }
        if (status == 429) {
            return "Cloudflare rate-limited the request to " + what + ": " + answered + "; sidecert tries again later";
        }
        return "Cloudflare did not " + what + ": " + answered;
    }

    private static String errors(JsonNode envelope) {
        List<String> each = new ArrayList<>();
        for (JsonNode error : envelope.path("errors")) {
            each.add(error.path("code").asText("?") + " " + error.path("message").asText(""));
        }
        return String.join("; ", each);
    }
}
