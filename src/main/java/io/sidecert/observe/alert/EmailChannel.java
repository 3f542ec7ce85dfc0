package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.AlertSettings;
import io.sidecert.config.AlertSettings.SmtpSecurity;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Alert e-mail over SMTP with Angus Mail: STARTTLS (required, not merely attempted), implicit TLS, or plain for
 * a local relay. TLS checks the server's name against its certificate. Plain text, UTF-8.
 */
final class EmailChannel implements AlertChannel {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final AlertSettings.Email settings;
    private final Session session;

    EmailChannel(AlertSettings.Email settings) {
        this.settings = requireNonNull(settings, "settings");
        this.session = Session.getInstance(properties(settings));
    }

    @Override
    public void send(Alert alert) throws IOException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(settings.from()));
            for (String to : settings.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            message.setSubject(alert.subject(), StandardCharsets.UTF_8.name());
            message.setText(alert.text(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(alert.time()));
            message.setHeader("X-Sidecert-Event", alert.kind().event());
            if (settings.username().isPresent()) {
                Transport.send(message, settings.username().get(), settings.password().orElseThrow());
            } else {
                Transport.send(message);
            }
        } catch (MessagingException e) {
            throw new IOException("SMTP " + settings.smtpHost() + ":" + settings.smtpPort() + ": " + describe(e), e);
        }
    }

    @Override
    public String describe() {
        return "e-mail to " + String.join(", ", settings.to()) + " via " + settings.smtpHost() + ":"
                + settings.smtpPort() + " (" + settings.security().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String kind() {
        return "email";
    }

    static Properties properties(AlertSettings.Email settings) {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "smtp");
        p.setProperty("mail.smtp.host", settings.smtpHost());
        p.setProperty("mail.smtp.port", Integer.toString(settings.smtpPort()));
        String timeout = Long.toString(TIMEOUT.toMillis());
        p.setProperty("mail.smtp.connectiontimeout", timeout);
        p.setProperty("mail.smtp.timeout", timeout);
        p.setProperty("mail.smtp.writetimeout", timeout);
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        if (settings.security() == SmtpSecurity.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            // Without this a server that does not offer STARTTLS would get the password in clear text.
            p.setProperty("mail.smtp.starttls.required", "true");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        } else if (settings.security() == SmtpSecurity.TLS) {
            p.setProperty("mail.smtp.ssl.enable", "true");
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        }
        return p;
    }

    private static String describe(MessagingException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        Throwable cause = e.getCause();
        while (cause != null) {
            text.append(": ").append(cause.getMessage());
            cause = cause.getCause();
        }
        return text.toString();
    }
}
