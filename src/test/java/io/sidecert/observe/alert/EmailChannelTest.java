package io.sidecert.observe.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sidecert.config.AlertSettings;
import io.sidecert.config.AlertSettings.SmtpSecurity;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How each SMTP security mode is set up; the login is only attempted over a protected connection unless told "none". */
class EmailChannelTest {

    @Test
    void starttlsIsRequiredNotMerelyAttemptedSoThePasswordNeverGoesInClearText() {
        Properties p = EmailChannel.properties(email(SmtpSecurity.STARTTLS, 587));

        assertEquals("true", p.getProperty("mail.smtp.starttls.enable"));
        assertEquals("true", p.getProperty("mail.smtp.starttls.required"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertEquals("true", p.getProperty("mail.smtp.auth"));
        assertEquals("587", p.getProperty("mail.smtp.port"));
        assertNull(p.getProperty("mail.smtp.ssl.enable"));
    }

    @Test
    void tlsSpeaksTlsFromTheFirstByte() {
        Properties p = EmailChannel.properties(email(SmtpSecurity.TLS, 465));

        assertEquals("true", p.getProperty("mail.smtp.ssl.enable"));
        assertEquals("true", p.getProperty("mail.smtp.ssl.checkserveridentity"));
        assertNull(p.getProperty("mail.smtp.starttls.enable"));
    }

    @Test
    void noneIsPlainAndTheDescriptionNamesNoPassword() {
        AlertSettings.Email plain = email(SmtpSecurity.NONE, 25);
        Properties p = EmailChannel.properties(plain);

        assertNull(p.getProperty("mail.smtp.ssl.enable"));
        assertNull(p.getProperty("mail.smtp.starttls.enable"));
        String description = new EmailChannel(plain).describe();
        assertEquals("e-mail to ops@example.com via smtp.example.com:25 (none)", description);
        assertFalse(plain.toString().contains("pa55word"), plain.toString());
    }

    private static AlertSettings.Email email(SmtpSecurity security, int port) {
        return new AlertSettings.Email("smtp.example.com", port, security, Optional.of("alerts@example.com"),
                Optional.of("pa55word"), "sidecert@example.com", List.of("ops@example.com"));
    }
}
