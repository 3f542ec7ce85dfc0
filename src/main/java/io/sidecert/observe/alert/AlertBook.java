package io.sidecert.observe.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.sidecert.store.AtomicFile;
import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AlertState} in {@code <state>/alerts.json}, replaced atomically. Like the certificates' state it is
 * advisory: an unreadable file is logged and read as empty (at worst an alert is sent again), and a failed
 * save is logged, never thrown into a renewal.
 */
final class AlertBook {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);

    private final Path file;
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT,
                    JsonInclude.Include.NON_ABSENT))
            .build();

    AlertBook(Path stateDirectory) {
        this.file = stateDirectory.resolve("alerts.json");
    }

    AlertState load() {
        if (!Files.exists(file)) {
            return AlertState.empty();
        }
        try {
            AlertState state = json.readValue(file.toFile(), AlertState.class);
            return state == null ? AlertState.empty() : state;
        } catch (IOException | RuntimeException e) {
            LOG.warn("alerts: ignoring unreadable {} ({}); alerts already sent may be sent again", file, e.getMessage());
            return AlertState.empty();
        }
    }

    void save(AlertState state) {
        try {
            PrivateFiles.directory(file.getParent());
            AtomicFile.write(file, json.writeValueAsBytes(state), PrivateFiles.FILE);
        } catch (IOException e) {
            LOG.error("alerts: cannot save {} ({}); after a restart, alerts may be sent again", file, e.getMessage());
        }
    }
}
