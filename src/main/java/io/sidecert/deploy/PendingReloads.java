package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sidecert.store.AtomicFile;
import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renewed certificates that proxies have not loaded yet: new ones, for every target, and those that a container
 * or a command failed to take (its config test failed), for that target. Kept in memory and mirrored to
 * {@code <state>/reload-pending.json}, so that a restart, or the daemon after a {@code sidecert renew} in another
 * process, still reloads.
 *
 * <p>The file is advisory like the rest of the state: unreadable, it is logged and ignored; unwritable, the
 * memory still holds everything until the process ends.
 */
final class PendingReloads {
    static final String FILE_NAME = "reload-pending.json";
    private static final Logger LOG = LoggerFactory.getLogger(PendingReloads.class);

    private final Path file;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Map<String, CertificateChange> forEveryTarget = new TreeMap<>();
    private final Map<String, Map<String, CertificateChange>> forContainer = new TreeMap<>();

    /** The file's layout; serials in hex, as logs and {@code openssl x509 -serial} show them. */
    private record Marker(List<Entry> everyTarget, Map<String, List<Entry>> containers) {
    }

    private record Entry(String certificate, List<String> domains, String serial) {
        static Entry of(CertificateChange change) {
            return new Entry(change.certificate(), change.domains(), change.serial().toString(16));
        }

        CertificateChange change() {
            return new CertificateChange(certificate, domains, new BigInteger(serial, 16));
        }
    }

    PendingReloads(Path stateDirectory) {
        this.file = requireNonNull(stateDirectory, "stateDirectory").resolve(FILE_NAME);
        refresh();
    }

    synchronized void add(CertificateChange change) {
        forEveryTarget.put(change.certificate(), change);
        save();
    }

    /**
     * What a reload pass delivers to every target, fixed when it starts: changes added during the pass (a renewal
     * finishing meanwhile) are left for the next pass instead of reaching some targets and not others.
     */
    synchronized Map<String, CertificateChange> forEveryTarget() {
        return Map.copyOf(forEveryTarget);
    }

    /** What {@code container} has to load: what it failed to take before, updated by {@code delivering}. */
    synchronized List<CertificateChange> changesFor(String container, Map<String, CertificateChange> delivering) {
        Map<String, CertificateChange> changes = new TreeMap<>(forContainer.getOrDefault(container, Map.of()));
        changes.putAll(delivering);
        return List.copyOf(changes.values());
    }

    synchronized boolean isEmpty() {
        return forEveryTarget.isEmpty() && forContainer.isEmpty();
    }

    /** The targets (containers, commands) that failed to take some change and wait to load it. */
    synchronized Set<String> waitingTargets() {
        return Set.copyOf(forContainer.keySet());
    }

    /** Every certificate some proxy has yet to load. */
    synchronized Set<String> certificates() {
        Set<String> names = new TreeSet<>(forEveryTarget.keySet());
        forContainer.values().forEach(changes -> names.addAll(changes.keySet()));
        return names;
    }

    /**
     * After a pass: every target in {@code visible} has been tried, so what remains is what each failed one still
     * has to load.
     *
     * @param visible   the containers this node's Docker shows and the commands tried; only their entries are
     *                  settled here
     * @param delivered what the pass delivered to every target (see {@link #forEveryTarget()}); empty when some
     *                  target could not be tried at all (Docker unreachable)
     */
    synchronized void settle(Map<String, List<CertificateChange>> failed, Set<String> visible,
            Map<String, CertificateChange> delivered) {
        forEveryTarget.entrySet().removeIf(entry -> entry.getValue().equals(delivered.get(entry.getKey())));
        // The state volume may be shared by the sidecerts of several Swarm nodes: entries for containers this
        // node's Docker does not show belong to another node, which settles them itself.
        forContainer.keySet().removeIf(visible::contains);
        failed.forEach((container, changes) -> {
            Map<String, CertificateChange> byName = new TreeMap<>();
            changes.forEach(c -> byName.put(c.certificate(), c));
            forContainer.put(container, byName);
        });
        save();
    }

    /** Takes in what another process (a {@code sidecert renew} beside the daemon) left in the file. */
    synchronized void refresh() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            Marker marker = json.readValue(file.toFile(), Marker.class);
            if (marker.everyTarget() != null) {
                marker.everyTarget().forEach(e -> forEveryTarget.putIfAbsent(e.certificate(), e.change()));
            }
            if (marker.containers() != null) {
                marker.containers().forEach((container, entries) -> entries.forEach(e -> forContainer
                        .computeIfAbsent(container, k -> new TreeMap<>()).putIfAbsent(e.certificate(), e.change())));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring {}, which cannot be read ({}); a reload it asked for is lost, renew with --force "
                    + "if a proxy still serves an old certificate", file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private void save() {
        try {
            if (isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            Map<String, List<Entry>> containers = new LinkedHashMap<>();
            forContainer.forEach((container, changes) -> containers.put(container, entries(changes)));
            byte[] content = json.writeValueAsBytes(new Marker(entries(forEveryTarget), containers));
            if (Files.exists(file) && java.util.Arrays.equals(Files.readAllBytes(file), content)) {
                return;   // a pass that changed nothing writes nothing
            }
            PrivateFiles.directory(file.getParent());
            AtomicFile.write(file, content, PrivateFiles.FILE);
        } catch (IOException e) {
            LOG.warn("cannot write {} ({}); pending reloads are kept in memory, but a restart would forget them: "
                    + "check that storage.state is writable", file, e.getMessage());
        }
    }

    private static List<Entry> entries(Map<String, CertificateChange> changes) {
        List<Entry> entries = new ArrayList<>();
        changes.values().forEach(c -> entries.add(Entry.of(c)));
        return entries;
    }
}
