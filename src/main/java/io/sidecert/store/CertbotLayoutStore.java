package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.StorageSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The certificate store on the shared volume, laid out so that proxy configurations written for certbot keep
 * working: they read {@code live/<name>/{cert,chain,fullchain,privkey}.pem}.
 *
 * <p>Each version is an immutable directory {@code archive/<name>/<N>/} holding all four files (five with
 * {@link CombinedPem}), and
 * {@code live/<name>} is a relative symbolic link {@code ../archive/<name>/<N>}. Saving writes the new version
 * completely (see {@link ArchiveWriter}), then swaps the link with one rename (see {@link LiveLink}); a reader, or a
 * process killed at any point, sees the old set or the new set, never a new certificate with an old key.
 *
 * <p>Certbot lineages ({@code live/<name>/} a directory of links into {@code archive/<name>/cert3.pem} and so on) are
 * read as they are and converted on their first save; certbot's files stay where they are.
 *
 * <p>Readers that open {@code live/<name>/fullchain.pem} and {@code live/<name>/privkey.pem} by path, one after the
 * other, can still straddle a swap; that is why proxies are reloaded only after {@link #save} returns.
 *
 * <p>One writer per lineage at a time: callers hold the certificate's lock around {@link #save}.
 */
public final class CertbotLayoutStore implements CertificateStore {
    private final Path root;
    private final ArchiveWriter archive;
    private final CombinedPem combined;
    private final LiveLink links;
    private final LiveStamps stamps = new LiveStamps();

    /**
     * @param certificates the shared volume's directory, which holds (or will hold) {@code live/} and
     *                     {@code archive/}
     */
    public CertbotLayoutStore(Path certificates, FileModes modes, FileOwnership ownership, CombinedPem combined) {
        this.root = requireNonNull(certificates, "certificates");
        this.archive = new ArchiveWriter(modes, ownership, combined);
        this.combined = combined;
        this.links = new LiveLink(ownership);
    }

    /** A store whose versions hold certbot's four files only. */
    public CertbotLayoutStore(Path certificates, FileModes modes, FileOwnership ownership) {
        this(certificates, modes, ownership, CombinedPem.SKIP);
    }

    public CertbotLayoutStore(StorageSettings settings) {
        this(settings.certificates(), FileModes.of(settings), FileOwnership.of(settings),
                CombinedPem.of(settings.combinedPem()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Empty when {@code live/<name>} does not exist. First finishes an adoption a crash interrupted, so a reader
     * never mistakes that lineage for a missing one.
     *
     * @throws StoreException when {@code live/<name>} exists but is unreadable, or its key does not match
     */
    @Override
    public Optional<StoredCertificate> current(String name) throws StoreException {
        Lineage lineage = lineage(name);
        finishInterruptedAdoption(lineage);
        return LiveCertificateReader.read(lineage);
    }

    /** {@inheritDoc} Parses the files only when they changed since this store last read or wrote them. */
    @Override
    public Optional<LiveVersion> live(String name) throws StoreException {
        Lineage lineage = lineage(name);
        Optional<LiveVersion> seen = stamps.unchanged(lineage);
        if (seen.isPresent()) {
            return seen;
        }
        Optional<LiveStamps.Stamp> stamp = LiveStamps.stamp(lineage);
        finishInterruptedAdoption(lineage);
        Optional<LiveVersion> version = LiveCertificateReader.readVersion(lineage);
        stamps.remember(lineage, stamp, version);
        return version;
    }

    @Override
    public boolean lacksWantedFiles(String name) throws StoreException {
        Path live = lineage(name).live();
        return combined == CombinedPem.WRITE && Files.isDirectory(live)
                && !Files.exists(live.resolve(CombinedPem.FILE_NAME));
    }

    @Override
    public StoredCertificate save(String name, CertificateMaterial material) throws StoreException {
        Lineage lineage = lineage(name);
        requireMatchingKey(name, material);
        requireVolume(name);
        StoreBoundary.requireInside(lineage, "save");
        finishInterruptedAdoption(lineage);
        removeStaleTempLinks(lineage);
        int version = writeVersion(lineage, material);
        switchLive(lineage, version);
        StoreBoundary.requireServes(lineage, version);
        return new StoredCertificate(name, version, material);
    }

    @Override
    public List<String> names() throws StoreException {
        Path live = Lineage.liveDirectory(root);
        if (!Files.isDirectory(live)) {
            return List.of();
        }
        SortedSet<String> names = new TreeSet<>();
        try (Stream<Path> entries = Files.list(live)) {
            for (Path entry : entries.toList()) {
                String fileName = entry.getFileName().toString();
                Optional<String> adopted = Lineage.nameOfAside(fileName);
                if (isLineage(entry)) {
                    names.add(fileName);
                } else if (adopted.isPresent()) {
                    addIfInterrupted(adopted.get(), names);
                }
            }
        } catch (IOException e) {
            throw new StoreException("list certificates: " + StoreErrors.describe(e) + ": check that " + live
                    + " is readable by this process", e);
        }
        return List.copyOf(names);
    }

    /**
     * The names that have a directory in {@code archive/}, with or without {@code live/<name>}: a crash before the
     * first switch leaves only the archive.
     */
    public List<String> archivedNames() throws StoreException {
        Path archive = root.resolve("archive");
        if (!Files.isDirectory(archive)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(archive)) {
            return entries.filter(e -> Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS))
                    .map(e -> e.getFileName().toString())
                    .filter(CertificateNames::isSafe)
                    .sorted().toList();
        } catch (IOException e) {
            throw new StoreException("list archived certificates: " + StoreErrors.describe(e) + ": check that "
                    + archive + " is readable by this process", e);
        }
    }

    /**
     * Removes what a process killed in the middle of a save left of this lineage: hidden, unfinished version
     * directories in {@code archive/<name>/} and temporary links in {@code live/}. {@link #save} does the same
     * first; this is for start-up, so they do not wait for the next renewal. Callers hold the certificate's lock.
     */
    public void removeCrashLeftovers(String name) throws StoreException {
        Lineage lineage = lineage(name);
        StoreBoundary.requireInside(lineage, "clean up");
        removeStaleTempLinks(lineage);
        try {
            ArchiveWriter.removeAbandonedVersions(lineage);
        } catch (IOException e) {
            throw StoreErrors.failed(name, "clean up: list " + lineage.archive(), e,
                    "check that it is a readable directory; hidden .tmp-* directories in it can be deleted by hand");
        }
    }

    @Override
    public List<String> remove(String name) throws StoreException {
        Lineage lineage = lineage(name);
        try {
            List<String> removed = LineageRemoval.remove(lineage).stream().map(p -> root.relativize(p).toString())
                    .toList();
            stamps.forget(lineage);
            return removed;
        } catch (IOException e) {
            throw StoreErrors.failed(name, "delete", e, "remove live/" + name + ", archive/" + name + " and renewal/"
                    + name + ".conf under " + root + " by hand, or fix the permissions and delete again");
        }
    }

    // certbot's live/README is a file; hidden entries are the store's own.
    private static boolean isLineage(Path entry) {
        return !entry.getFileName().toString().startsWith(".")
                && (Files.isSymbolicLink(entry) || Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS));
    }

    // An adoption cut short leaves live/<name> missing for a moment; the lineage still exists, so finish it.
    private void addIfInterrupted(String name, SortedSet<String> names) throws StoreException {
        Lineage lineage = lineage(name);
        finishInterruptedAdoption(lineage);
        if (Files.exists(lineage.live(), LinkOption.NOFOLLOW_LINKS)) {
            names.add(name);
        }
    }

    private Lineage lineage(String name) throws StoreException {
        return new Lineage(root, CertificateNames.requireSafe(name));
    }

    private static void requireMatchingKey(String name, CertificateMaterial material) throws StoreException {
        try {
            Pem.keyPair(material.keyPair().getPrivate(), material.leaf());
        } catch (InvalidKeyException e) {
            throw new StoreException("[" + name + "] save: " + e.getMessage() + "; nothing was written, the live "
                    + "version is unchanged; this is a bug in the caller, please report it", e);
        }
    }

    @Override
    public void checkWritable(String name) throws StoreException {
        requireVolume(name);
        if (!Files.isWritable(root)) {
            throw new StoreException("[" + name + "] save: the certificates directory " + root + " is not writable: "
                    + "mount the shared volume read-write into sidecert (the proxy may mount it read-only)");
        }
    }

    private void requireVolume(String name) throws StoreException {
        if (!Files.isDirectory(root)) {
            throw new StoreException("[" + name + "] save: the certificates directory " + root + " does not exist: "
                    + "check storage.certificates and that the shared volume is mounted");
        }
    }

    private void finishInterruptedAdoption(Lineage lineage) throws StoreException {
        try {
            links.finishInterruptedAdoption(lineage);
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), "finish an interrupted adoption of the certbot lineage", e,
                    "link live/" + lineage.name() + " to the newest version in archive/" + lineage.name()
                            + "/ by hand, or move the directory live/." + lineage.name() + ".certbot-* back");
        }
    }

    // Only a save may remove them: outside the lineage's lock, another process's save could be using one.
    private void removeStaleTempLinks(Lineage lineage) throws StoreException {
        try {
            links.removeStaleTempLinks(lineage);
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), "save: list " + lineage.liveDirectory(), e,
                    "check that it is a readable directory");
        }
    }

    private int writeVersion(Lineage lineage, CertificateMaterial material) throws StoreException {
        try {
            return archive.write(lineage, material);
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), "save: write a new version to " + lineage.archive(), e,
                    "check that " + root + " is writable by this process (owner/group settings need root) and has "
                            + "space; live/" + lineage.name() + " still shows the previous version");
        }
    }

    private void switchLive(Lineage lineage, int version) throws StoreException {
        try {
            links.pointTo(lineage, version);
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), "save: switch live/" + lineage.name() + " to version " + version,
                    e, "version " + version + " is complete in " + lineage.version(version) + "; check that "
                            + lineage.liveDirectory() + " is writable; the next save retries");
        }
    }
}
