package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches {@code live/<name>} between versions with one {@code rename(2)} of a symbolic link, so a reader resolves
 * either the whole old version or the whole new one.
 *
 * <p>Adopting a certbot lineage is the exception. Certbot's {@code live/<name>} is a real directory, and
 * {@code rename(2)} cannot replace a directory with a link, so the first switch takes two renames: the directory
 * aside to {@code live/.<name>.certbot-<N>}, then the link in. For the microseconds between them
 * {@code live/<name>} does not exist: a proxy started or reloaded in exactly that window fails to open its files
 * (a running one keeps serving what it loaded). It happens once per lineage. The link is created before the
 * directory moves, so a crash in the window leaves everything needed to finish, and
 * {@link #finishInterruptedAdoption} does.
 */
final class LiveLink {
    private static final Logger LOG = LoggerFactory.getLogger(LiveLink.class);

    private final FileOwnership ownership;

    LiveLink(FileOwnership ownership) {
        this.ownership = requireNonNull(ownership, "ownership");
    }

    /** Points {@code live/<name>} at the complete version directory {@code archive/<name>/<version>}. */
    void pointTo(Lineage lineage, int version) throws IOException {
        Path link = lineage.newTempLink();
        Files.createSymbolicLink(link, lineage.linkTarget(version));
        try {
            ownership.apply(link);
            if (Files.isDirectory(lineage.live(), LinkOption.NOFOLLOW_LINKS)) {
                replaceCertbotDirectory(lineage, link);
            } else {
                Files.move(link, lineage.live(), StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            deleteQuietly(lineage, link);
        }
        AtomicFile.syncDirectory(lineage.liveDirectory());
    }

    /**
     * Completes an adoption that a crash cut between its two renames, recognised by a missing {@code live/<name>}
     * next to a set-aside certbot directory and a temporary link to a complete version.
     */
    void finishInterruptedAdoption(Lineage lineage) throws IOException {
        if (Files.exists(lineage.live(), LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(lineage.liveDirectory())) {
            return;
        }
        List<Path> entries = entries(lineage);
        if (entries.stream().noneMatch(lineage::isAside)) {
            return;
        }
        Optional<Path> newest = entries.stream()
                .filter(lineage::isTempLink)
                .filter(Files::isDirectory)
                .max(Comparator.comparingInt(LiveLink::targetVersion));
        if (newest.isPresent()) {
            Files.move(newest.get(), lineage.live(), StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.syncDirectory(lineage.liveDirectory());
            LOG.warn("[{}] finished adopting the certbot lineage, which a crash had interrupted: live/{} now links "
                    + "to {}", lineage.name(), lineage.name(), Files.readSymbolicLink(lineage.live()));
        }
    }

    /** Removes temporary links a crash left; they are hidden and harmless, but would pile up. */
    void removeStaleTempLinks(Lineage lineage) throws IOException {
        if (!Files.isDirectory(lineage.liveDirectory())) {
            return;
        }
        for (Path entry : entries(lineage)) {
            if (lineage.isTempLink(entry)) {
                deleteQuietly(lineage, entry);
            }
        }
    }

    private void replaceCertbotDirectory(Lineage lineage, Path link) throws IOException {
        Path aside = asideName(lineage);
        Files.move(lineage.live(), aside, StandardCopyOption.ATOMIC_MOVE);
        // live/<name> is missing until the next rename completes; see the class comment.
        try {
            Files.move(link, lineage.live(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            restore(lineage, aside);
            throw e;
        }
        LOG.info("[{}] adopted the certbot lineage: live/{} now links to sidecert's versions, certbot's directory "
                + "is kept as {}; certbot must no longer renew this lineage", lineage.name(), lineage.name(), aside);
    }

    private static Path asideName(Lineage lineage) throws IOException {
        Path aside = lineage.aside(ArchiveVersions.ofLive(lineage.live(), lineage.live()));
        if (!Files.exists(aside, LinkOption.NOFOLLOW_LINKS)) {
            return aside;
        }
        // The same version was adopted before (a restored backup): keep both rather than overwrite either.
        return aside.resolveSibling(aside.getFileName() + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private static void restore(Lineage lineage, Path aside) {
        try {
            Files.move(aside, lineage.live(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("[{}] could not move certbot's directory back from {} to live/{}: {}; rename it back by hand "
                    + "so proxies find their certificate",
                    lineage.name(), aside, lineage.name(), StoreErrors.describe(e));
        }
    }

    private static List<Path> entries(Lineage lineage) throws IOException {
        try (Stream<Path> entries = Files.list(lineage.liveDirectory())) {
            return entries.toList();
        }
    }

    private static int targetVersion(Path link) {
        try {
            OptionalInt version = ArchiveVersions.of(Files.readSymbolicLink(link).getFileName().toString());
            return version.orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Lineage lineage, Path link) {
        try {
            Files.deleteIfExists(link);
        } catch (IOException e) {
            LOG.warn("[{}] could not remove the temporary link {}: {}; it is never served, delete it by hand",
                    lineage.name(), link, StoreErrors.describe(e));
        }
    }
}
