package io.sidecert.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.sidecert.config.LogFormat;
import io.sidecert.config.LogSettings;
import io.sidecert.config.SidecertConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code log} settings to Logback once the configuration is loaded: the level, the format (text as
 * {@code logback.xml} writes it, or one JSON object per line), and the redaction of the configuration's secrets
 * on every console appender. Until then (and for configuration errors, which go to stderr directly) Logback runs
 * on {@code logback.xml}, which reads {@code SIDECERT_LOG_LEVEL}.
 *
 * <p>JSON lines come from Logback's own {@link JsonEncoder}: {@code timestamp} (epoch milliseconds), {@code level},
 * {@code threadName}, {@code loggerName}, {@code mdc} (with {@code certificate} for event lines),
 * {@code formattedMessage}, and {@code throwable}.
 */
public final class LogSetup {
    /** A secret this short would mask ordinary words; it is not redacted (and is a weak secret anyway). */
    static final int SHORTEST_REDACTED = 6;
    private static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %msg%n%ex{short}";

    private LogSetup() {
    }

    public static void apply(LogSettings settings, List<String> secrets) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        List<String> redacted = secrets.stream().filter(s -> s.length() >= SHORTEST_REDACTED).distinct().toList();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console) {
                Encoder<ILoggingEvent> base = settings.format() == LogFormat.JSON
                        ? json(context)
                        : unwrapped(console.getEncoder(), context);
                RedactingEncoder encoder = new RedactingEncoder(base, redacted);
                encoder.setContext(context);
                encoder.start();
                console.setEncoder(encoder);
            }
        }
    }

    /** What must never be logged: the EAB HMAC key, the SMTP password, webhook URLs (their path is the token). */
    public static List<String> secretsOf(SidecertConfig config) {
        List<String> secrets = new ArrayList<>();
        config.acme().eab().ifPresent(eab -> secrets.add(eab.hmacKey()));
        config.alerts().email().flatMap(email -> email.password()).ifPresent(secrets::add);
        config.cluster().ifPresent(cluster -> secrets.add(cluster.password()));
        for (var webhook : config.alerts().webhooks()) {
            URI url = webhook.url();
            secrets.add(url.toString());
            if (url.getRawPath() != null && url.getRawPath().length() > 1) {
                secrets.add(url.getRawPath());
            }
        }
        return secrets;
    }

    static JsonEncoder json(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithFormattedMessage(true);
        json.start();
        return json;
    }

    /** The text encoder in use, without an earlier redaction layer; a fresh one if there is none. */
    private static Encoder<ILoggingEvent> unwrapped(Encoder<ILoggingEvent> current, LoggerContext context) {
        Encoder<ILoggingEvent> encoder = current;
        while (encoder instanceof RedactingEncoder redacting) {
            encoder = redacting.delegate();
        }
        if (encoder instanceof PatternLayoutEncoder) {
            return encoder;
        }
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern(TEXT_PATTERN);
        text.start();
        return text;
    }
}
