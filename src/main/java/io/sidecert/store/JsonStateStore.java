package io.sidecert.store;

import static java.util.Objects.requireNonNull;


import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each certificate's {@link CertificateState} as {@code <state>/certificates/<name>.json}, readable by people
 * (ISO-8601 instants, absent values left out) and replaced atomically.
 *
 * <p>What was read or written last is kept in memory with the file's size, time and identity: loading an unchanged
 * file costs one {@code stat}, and saving a state equal to what the file holds writes nothing, so a pass in which
 * nothing happened leaves the directory as it was (another node sharing it changes the file, and so the stamp).
 *
 * <p>State is advisory: it shapes back-off and the chosen renewal time, but the certificate on disk decides whether
 * to renew. So an unreadable file is logged and replaced by {@link CertificateState#initial}, never an error that
 * would block a renewal.
 */
public final class JsonStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(JsonStateStore.class);

    private final Path directory;
    private final StateJson json = new StateJson();
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** @param state sidecert's private state directory; files go to its {@code certificates/} subdirectory */
    public JsonStateStore(Path state) {
        this.directory = requireNonNull(state, "state").resolve("certificates");
    }

    @Override
    public CertificateState load(String name) throws StoreException {
        Path file = file(name);
        Optional<Stamp> stamp = Stamp.of(file);
        if (stamp.isEmpty()) {
            known.remove(name);
            return CertificateState.initial(name);
        }
        Known seen = known.get(name);
        if (seen != null && seen.stamp().equals(stamp.get())) {
            return seen.state();
        }
        try {
            CertificateState state = json.read(Files.readAllBytes(file));
            if (state != null && state.name().equals(name)) {
                known.put(name, new Known(stamp.get(), state));
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
    public CertificateState loadFresh(String name) throws StoreException {
        known.remove(name);
        return load(name);
    }

    @Override
    public void save(CertificateState state) throws StoreException {
        Path file = file(state.name());
        Known seen = known.get(state.name());
        if (seen != null && seen.state().equals(state) && Stamp.of(file).equals(Optional.of(seen.stamp()))) {
            return;
        }
        try {
            ensureDirectory();
            AtomicFile.write(file, json.write(state), PrivateFiles.FILE);
            Stamp.of(file).ifPresentOrElse(stamp -> known.put(state.name(), new Known(stamp, state)),
                    () -> known.remove(state.name()));
        } catch (IOException e) {
            throw StoreErrors.failed(state.name(), "save state to " + file, e, "check that " + directory
                    + " is writable by this process and has space; renewals go on, but back-off is forgotten");
        }
    }

    @Override
    public void delete(String name) throws StoreException {
        Path file = file(name);
        known.remove(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw StoreErrors.failed(name, "delete state " + file, e, "check that " + directory
                    + " is writable by this process, or remove the file by hand");
        }
    }

    private Path file(String name) throws StoreException {
        return directory.resolve(CertificateNames.requireSafe(name) + ".json");
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            PrivateFiles.directory(directory);
        }
    }

    /** A file's identity, size and modification time: changes whenever anyone replaces or edits it. */
    private record Stamp(Object fileKey, long size, long modifiedNanos) {
        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(a.fileKey(), a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    private record Known(Stamp stamp, CertificateState state) {
    }

    private static void warnUnreadable(String name, Path file, String problem) {
        LOG.warn("[{}] load state: ignoring {}: {}; starting from a clean state (back-off and the chosen renewal "
                + "time are reset); the next save replaces the file", name, file, problem);
    }
}
