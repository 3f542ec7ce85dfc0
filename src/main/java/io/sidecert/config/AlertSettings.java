package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Who is told when something needs a person: e-mail and webhooks, and which news is worth telling.
 *
 * @param expiringWithin a certificate this close to expiry and not renewed is alerted on, once a day
 * @param successNotices also tell about every successful renewal
 * @param dailyDigest    also send a summary of all certificates once a day
 */
public record AlertSettings(
        Optional<Email> email,
        List<Webhook> webhooks,
        Duration expiringWithin,
        boolean successNotices,
        boolean dailyDigest) {

    public AlertSettings {
        requireNonNull(email, "email");
        webhooks = List.copyOf(webhooks);
        requireNonNull(expiringWithin, "expiringWithin");
    }

    /** Whether any channel is configured; without one, nothing is tracked or sent. */
    public boolean anyChannel() {
        return email.isPresent() || !webhooks.isEmpty();
    }

    /** How SMTP is protected: STARTTLS on the submission port, implicit TLS, or nothing (a local relay). */
    public enum SmtpSecurity {
        STARTTLS,
        TLS,
        NONE
    }

    /** A webhook's payload shape. */
    public enum WebhookFormat {
        /** sidecert's own JSON object, for any receiver. */
        JSON,
        /** Slack's incoming webhooks ({@code text}, with mrkdwn). */
        SLACK,
        /** Microsoft Teams workflows (an Adaptive Card message). */
        TEAMS
    }

    /**
     * Alert e-mail over SMTP.
     *
     * @param password read from {@code password-file} at startup; never printed
     */
    public record Email(String smtpHost, int smtpPort, SmtpSecurity security, Optional<String> username,
            Optional<String> password, String from, List<String> to) {
        public Email {
            requireNonNull(smtpHost, "smtpHost");
            requireNonNull(security, "security");
            requireNonNull(username, "username");
            requireNonNull(password, "password");
            requireNonNull(from, "from");
            to = List.copyOf(to);
        }

        @Override
        public String toString() {
            return "Email[" + smtpHost + ":" + smtpPort + " (" + security + "), username=" + username.orElse("-")
                    + ", password=" + (password.isPresent() ? "***" : "-") + ", from=" + from + ", to=" + to + "]";
        }
    }

    /**
     * A webhook. Its URL often holds the credential (Slack, Teams), so it may come from a file and is
     * only ever printed as scheme and host.
     */
    public record Webhook(URI url, WebhookFormat format) {
        public Webhook {
            requireNonNull(url, "url");
            requireNonNull(format, "format");
        }

        /** Safe to print: {@code https://hooks.slack.com}. */
        public String site() {
            return url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        }

        @Override
        public String toString() {
            return "Webhook[" + site() + "/..., " + format + "]";
        }
    }
}
