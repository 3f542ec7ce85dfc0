package io.sidecert.observe.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sidecert.store.AtomicFile;
import io.sidecert.store.PrivateFiles;
import io.sidecert.store.StateJson;
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
    private final ObjectMapper json = StateJson.mapper();

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
