package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_ABSENT;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each certificate's {@link CertificateState} as {@code <state>/certificates/<name>.json}, readable by people
 * (ISO-8601 instants, absent values left out) and replaced atomically.
 *
 * <p>State is advisory: it shapes back-off and the chosen renewal time, but the certificate on disk decides whether
 * to renew. So an unreadable file is logged and replaced by {@link CertificateState#initial}, never an error that
 * would block a renewal.
 */
public final class JsonStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JsonStateStore.class);
    private static final Set<PosixFilePermission> PRIVATE_FILE =
            Set.copyOf(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
            Set.copyOf(PosixFilePermissions.fromString("rwx------"));

    private final Path directory;
    private final ObjectMapper json;

    /** @param state sidecert's private state directory; files go to its {@code certificates/} subdirectory */
    public JsonStateStore(Path state) {
        this.directory = requireNonNull(state, "state").resolve("certificates");
        this.json = JsonMapper.builder()
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                // A file written by a newer sidecert must still load after a downgrade.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .defaultPropertyInclusion(JsonInclude.Value.construct(NON_ABSENT, NON_ABSENT))
                .build();
    }

    @Override
    public CertificateState load(String name) throws StoreException {
        Path file = file(name);
        if (!Files.exists(file)) {
            return CertificateState.initial(name);
        }
        try {
            CertificateState state = json.readValue(file.toFile(), CertificateState.class);
            if (state != null && state.name().equals(name)) {
                return state;
            }
            warnUnreadable(name, file, "it holds the state of another certificate or none");
        } catch (JsonProcessingException e) {
            warnUnreadable(name, file, e.getOriginalMessage());
        } catch (IOException e) {
            warnUnreadable(name, file, StoreErrors.describe(e));
        }
        return CertificateState.initial(name);
    }

    @Override
    public void save(CertificateState state) throws StoreException {
        Path file = file(state.name());
        try {
            ensureDirectory();
            AtomicFile.write(file, json.writeValueAsBytes(state), PRIVATE_FILE);
        } catch (IOException e) {
            throw StoreErrors.failed(state.name(), "save state to " + file, e, "check that " + directory
                    + " is writable by this process and has space; renewals go on, but back-off is forgotten");
        }
    }

    private Path file(String name) throws StoreException {
        return directory.resolve(CertificateNames.requireSafe(name) + ".json");
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
        }
    }

    private static void warnUnreadable(String name, Path file, String problem) {
        LOG.warn("[{}] load state: ignoring {}: {}; starting from a clean state (back-off and the chosen renewal "
                + "time are reset); the next save replaces the file", name, file, problem);
    }
}
