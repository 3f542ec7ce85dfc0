package io.sidecert.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.sidecert.config.AlertSettings.Email;
import io.sidecert.config.AlertSettings.SmtpSecurity;
import io.sidecert.config.AlertSettings.Webhook;
import io.sidecert.config.AlertSettings.WebhookFormat;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the {@code alerts} section: e-mail, webhooks, and what is worth an alert. Secrets come from files. */
final class AlertsSection {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s:,]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "url-file", "format");
    private static final String WEBHOOK_EXAMPLE = "webhooks = [ { url-file = \"/run/secrets/slack-webhook\", format = slack } ]";

    private final ValueReader reader;
    private final LocalFiles files;

    AlertsSection(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    Optional<AlertSettings> read() {
        Optional<Optional<Email>> email = email();
        Optional<List<Webhook>> webhooks = webhooks();
        Optional<Duration> expiringWithin = reader.duration("alerts.expiring-within", "expiring-within = 7d")
                .flatMap(d -> reader.check("alerts.expiring-within", positive(d)));
        Optional<Boolean> success = reader.requiredBoolean("alerts.success-notices", "success-notices = false");
        Optional<Boolean> digest = reader.requiredBoolean("alerts.daily-digest", "daily-digest = false");
        if (email.isEmpty() || webhooks.isEmpty() || expiringWithin.isEmpty() || success.isEmpty() || digest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AlertSettings(email.get(), webhooks.get(), expiringWithin.get(), success.get(), digest.get()));
    }

    /** Empty when something is wrong (and reported); {@code Optional.of(Optional.empty())} when no e-mail is wanted. */
    private Optional<Optional<Email>> email() {
        Optional<String> host = reader.string("alerts.email.smtp-host", "smtp-host = \"smtp.example.com\"");
        Optional<Integer> port = reader.requiredInteger("alerts.email.smtp-port", 1, 65535, "smtp-port = 587");
        Optional<SmtpSecurity> security = reader.requiredString("alerts.email.security", "security = starttls")
                .flatMap(value -> reader.check("alerts.email.security", security(value)));
        Optional<String> username = reader.string("alerts.email.username", "username = \"alerts@example.com\"");
        Optional<Path> passwordFile = reader.path("alerts.email.password-file",
                "password-file = \"/run/secrets/smtp-password\"");
        Optional<String> from = reader.string("alerts.email.from", "from = \"sidecert@example.com\"")
                .flatMap(address -> reader.check("alerts.email.from", address(address)));
        List<String> to = recipients();
        if (host.isEmpty()) {
            if (from.isPresent() || !to.isEmpty() || username.isPresent() || passwordFile.isPresent()) {
                reader.report("alerts.email.smtp-host", "e-mail settings are given, but no smtp-host to send through",
                        "set alerts.email.smtp-host to your mail server, or remove the other alerts.email settings");
                return Optional.empty();
            }
            return Optional.of(Optional.empty());
        }
        boolean complete = true;
        if (from.isEmpty()) {
            complete = requireEmailKey("alerts.email.from", "from = \"sidecert@example.com\"");
        }
        if (to.isEmpty()) {
            complete = requireEmailKey("alerts.email.to", "to = [\"ops@example.com\"]");
        }
        if (username.isPresent() != passwordFile.isPresent()) {
            reader.report(username.isPresent() ? "alerts.email.username" : "alerts.email.password-file",
                    "SMTP authentication needs both username and password-file",
                    "set both (the password in a file, such as a Docker secret), or neither for a relay without login");
            complete = false;
        }
        Optional<String> password = passwordFile.flatMap(
                file -> reader.check("alerts.email.password-file", files.readSecret(file)));
        if (!complete || port.isEmpty() || security.isEmpty() || password.isPresent() != passwordFile.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Optional.of(new Email(host.get().trim(), port.get(), security.get(), username, password,
                from.orElseThrow(), to)));
    }

    private boolean requireEmailKey(String path, String example) {
        // Point at the smtp-host line: the missing key has no line of its own in the user's file.
        reader.report(reader.origin("alerts.email.smtp-host"), path, "alerts.email.smtp-host is set, but this is missing",
                "write it like " + example);
        return false;
    }

    /** A list, or from an environment variable a single comma-separated string. */
    private List<String> recipients() {
        String path = "alerts.email.to";
        Optional<ConfigValue> value = reader.value(path);
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> raw = new ArrayList<>();
        if (value.get().valueType() == ConfigValueType.STRING) {
            for (String part : ((String) value.get().unwrapped()).split(",")) {
                raw.add(part);
            }
        } else {
            reader.list(path, "to = [\"ops@example.com\"]").ifPresent(items -> items.forEach(
                    item -> raw.add(String.valueOf(item.unwrapped()))));
        }
        List<String> addresses = new ArrayList<>();
        for (String entry : raw) {
            if (!entry.isBlank()) {
                reader.check(path, address(entry)).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    private Optional<List<Webhook>> webhooks() {
        Optional<List<ConfigValue>> entries = reader.list("alerts.webhooks", WEBHOOK_EXAMPLE);
        if (reader.value("alerts.webhooks").isPresent() && entries.isEmpty()) {
            return Optional.empty();
        }
        List<Webhook> webhooks = new ArrayList<>();
        boolean ok = true;
        List<ConfigValue> list = entries.orElse(List.of());
        for (int i = 0; i < list.size(); i++) {
            Optional<Webhook> webhook = webhook(list.get(i), "alerts.webhooks[" + i + "]");
            webhook.ifPresent(webhooks::add);
            ok &= webhook.isPresent();
        }
        return ok ? Optional.of(webhooks) : Optional.empty();
    }

    private Optional<Webhook> webhook(ConfigValue entry, String key) {
        if (!(entry instanceof ConfigObject object)) {
            reader.report(entry.origin(), key, ValueReader.render(entry) + " is not a webhook section",
                    "write each webhook like { url = \"https://...\", format = json }");
            return Optional.empty();
        }
        ValueReader hook = reader.nested(object.toConfig(), key);
        boolean known = true;
        for (String name : new TreeSet<>(object.keySet())) {
            if (!WEBHOOK_KEYS.contains(name)) {
                hook.report(object.get(name).origin(), name, "unknown key",
                        Suggestions.closest(name, WEBHOOK_KEYS).map(s -> "did you mean " + s + "?")
                                .orElse("the keys of a webhook are url, url-file and format"));
                known = false;
            }
        }
        Optional<String> url = hook.string("url", "url = \"https://hooks.example.com/sidecert\"");
        Optional<Path> urlFile = hook.path("url-file", "url-file = \"/run/secrets/webhook-url\"");
        WebhookFormat format = hook.string("format", "format = json")
                .flatMap(value -> hook.check("format", format(value)))
                .orElse(null);
        if (url.isPresent() == urlFile.isPresent()) {
            hook.report(object.origin(), "url", url.isPresent() ? "both url and url-file are set" : "no url",
                    "set exactly one: url, or url-file (a file holding the URL, for URLs that carry a token)");
            return Optional.empty();
        }
        Optional<URI> uri = url.or(() -> urlFile.flatMap(file -> hook.check("url-file", files.readSecret(file))))
                .flatMap(text -> hook.check(url.isPresent() ? "url" : "url-file", webhookUrl(text)));
        if (!known || uri.isEmpty() || (hook.value("format").isPresent() && format == null)) {
            return Optional.empty();
        }
        return Optional.of(new Webhook(uri.get(), format == null ? WebhookFormat.JSON : format));
    }

    static Checked<SmtpSecurity> security(String configured) {
        return switch (configured.trim().toLowerCase(Locale.ROOT)) {
            case "starttls" -> Checked.valid(SmtpSecurity.STARTTLS);
            case "tls", "ssl" -> Checked.valid(SmtpSecurity.TLS);
            case "none" -> Checked.valid(SmtpSecurity.NONE);
            default -> Checked.invalid("\"" + configured + "\" is not an SMTP security mode; expected starttls, tls or none",
                    "starttls for port 587, tls for port 465, none only for a relay on the same host");
        };
    }

    static Checked<WebhookFormat> format(String configured) {
        return switch (configured.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> Checked.valid(WebhookFormat.JSON);
            case "slack" -> Checked.valid(WebhookFormat.SLACK);
            case "teams" -> Checked.valid(WebhookFormat.TEAMS);
            default -> Checked.invalid("\"" + configured + "\" is not a webhook format; expected json, slack or teams",
                    "json posts sidecert's own object; slack and teams post what those services expect");
        };
    }

    static Checked<String> address(String configured) {
        String address = configured.trim();
        return EMAIL.matcher(address).matches()
                ? Checked.valid(address)
                : Checked.invalid("\"" + configured + "\" does not look like an e-mail address; expected local@domain.tld",
                        "write a plain address in quotes, e.g. \"ops@example.com\"");
    }

    // Never echo the URL: for Slack and Teams it is the credential.
    static Checked<URI> webhookUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return Checked.valid(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Checked.invalid("the webhook URL is not an http(s) URL with a host",
                "write the full URL the service gave you, starting with https://");
    }

    private static Checked<Duration> positive(Duration duration) {
        return duration.isNegative() || duration.isZero()
                ? Checked.invalid(duration + " is not positive", "write it like expiring-within = 7d")
                : Checked.valid(duration);
    }
}
