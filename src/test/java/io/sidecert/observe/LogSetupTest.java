package io.sidecert.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void jsonLinesCarryLevelLoggerMessageAndTheCertificateFromTheMdc() throws Exception {
        LoggingEvent event = event("[shop] renewed (due): version 3");
        event.setMDCPropertyMap(Map.of("certificate", "shop"));

        String line = new String(LogSetup.json(context).encode(event), StandardCharsets.UTF_8);

        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("INFO", json.get("level").asText());
        assertEquals("sidecert", json.get("loggerName").asText());
        assertEquals("[shop] renewed (due): version 3", json.get("formattedMessage").asText());
        assertEquals("shop", json.at("/mdc/certificate").asText());
        assertTrue(json.get("timestamp").asLong() > 0);
    }

    @Test
    void secretsAreMaskedWhateverLogsThem() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%msg%n");
        text.start();
        RedactingEncoder encoder = new RedactingEncoder(text, List.of("hunter2-smtp", "zWNDZM6eQGHWpSRT"));

        String line = new String(encoder.encode(event("login hunter2-smtp failed; key zWNDZM6eQGHWpSRT")),
                StandardCharsets.UTF_8);

        assertEquals("login *** failed; key ***\n", line);
        assertFalse(line.contains("hunter2"));
    }

    private LoggingEvent event(String message) {
        return new LoggingEvent("test", context.getLogger("sidecert"), Level.INFO, message, null, null);
    }
}
