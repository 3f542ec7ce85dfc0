package io.sidecert.store;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Gives a lineage back to certbot: its live version also as certbot's numbered files
 * ({@code archive/<name>/cert7.pem} ...), {@code live/<name>/} as certbot's directory of relative links to them, and
 * a {@code renewal/<name>.conf} when there is none (an adopted lineage keeps certbot's own, with its account).
 *
 * <p>sidecert's version directories stay in {@code archive/<name>/}; certbot lists only its numbered files, and
 * sidecert, started again, adopts the lineage anew at its next renewal. Numbered files are written before the
 * switch and never change, so {@code live/<name>} always shows a complete set; between removing sidecert's link and
 * renaming certbot's directory into its place it is missing for a moment, as in an adoption.
 */
public final class CertbotExport {
    static final List<String> KINDS = List.of("cert", "chain", "fullchain", "privkey");
    /** The oldest certbot this is meant for; a newer certbot reads it silently, an older one would warn. */
    private static final String CERTBOT_VERSION = "1.12.0";

    private final Path root;
    private final FileOwnership ownership;

    public CertbotExport(Path certificates, FileOwnership ownership) {
        this.root = requireNonNull(certificates, "certificates");
        this.ownership = requireNonNull(ownership, "ownership");
    }

    /**
     * What was done for one lineage.
     *
     * @param version        the version certbot now sees as current
     * @param linksWritten   whether {@code live/<name>} was turned into certbot's directory (false: it already was)
     * @param renewalWritten whether a renewal configuration was written (false: certbot's own was kept)
     */
    public record Result(String name, int version, boolean linksWritten, boolean renewalWritten) {
    }

    /**
     * @param certbotRoot   where certbot sees this store's directory ({@code --config-dir}, usually
     *                      {@code /etc/letsencrypt}): the renewal configuration holds absolute paths under it
     * @param renewalParams the lines of the {@code [renewalparams]} section, for a lineage that has no renewal
     *                      configuration yet
     */
    public Result export(String name, Path certbotRoot, List<String> renewalParams) throws StoreException {
        Lineage lineage = new Lineage(root, CertificateNames.requireSafe(name));
        try {
            if (!Files.exists(lineage.live(), LinkOption.NOFOLLOW_LINKS)) {
                throw new StoreException("[" + name + "] export-certbot: there is no live/" + name + " in " + root
                        + ": `sidecert list` shows the stored certificates");
            }
            boolean link = Files.isSymbolicLink(lineage.live());
            int version = ArchiveVersions.ofLive(lineage.live(), lineage.live().toRealPath());
            if (version <= 0) {
                throw new StoreException("[" + name + "] export-certbot: live/" + name + " is neither sidecert's link"
                        + " to a version nor certbot's links to numbered files; nothing was changed");
            }
            if (link) {
                writeNumberedFiles(lineage, version);
                switchToCertbotLinks(lineage, version);
            }
            boolean renewal = writeRenewalConfig(lineage, certbotRoot, renewalParams);
            return new Result(name, version, link, renewal);
        } catch (IOException e) {
            throw StoreErrors.failed(name, "export-certbot", e, "check that " + root + " is writable by this "
                    + "process; live/" + name + " shows a complete set either way, run the export again");
        }
    }

    private void writeNumberedFiles(Lineage lineage, int version) throws IOException {
        Path source = lineage.version(version);
        for (String kind : KINDS) {
            Path target = lineage.archive().resolve(kind + version + ".pem");
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Path from = source.resolve(kind + ".pem");
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(from);
                AtomicFile.write(target, Files.readAllBytes(from), mode, ownership);
            }
        }
    }

    private void switchToCertbotLinks(Lineage lineage, int version) throws IOException {
        Path temp = lineage.liveDirectory().resolve("." + lineage.name() + ".export-" + UUID.randomUUID());
        Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(FileModes.directory()));
        try {
            for (String kind : KINDS) {
                Files.createSymbolicLink(temp.resolve(kind + ".pem"),
                        Path.of("..", "..", "archive", lineage.name(), kind + version + ".pem"));
            }
            Files.writeString(temp.resolve("README"), "Written by `sidecert export-certbot`: certbot's layout, "
                    + "links to the numbered files in archive/" + lineage.name() + "/.\n");
            ownership.apply(temp);
            AtomicFile.syncDirectory(temp);
            // rename(2) cannot put a directory over a link: the link goes first (see the class comment).
            Files.delete(lineage.live());
            Files.move(temp, lineage.live(), StandardCopyOption.ATOMIC_MOVE);
            AtomicFile.syncDirectory(lineage.liveDirectory());
        } finally {
            if (Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
                LineageRemoval.deleteTree(temp);
            }
        }
    }

    private boolean writeRenewalConfig(Lineage lineage, Path certbotRoot, List<String> renewalParams)
            throws IOException {
        Path file = lineage.renewalConfig();
        if (Files.exists(file)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Path live = certbotRoot.resolve("live").resolve(lineage.name());
        StringBuilder text = new StringBuilder("# Written by `sidecert export-certbot`; certbot renews from here.\n")
                .append("version = ").append(CERTBOT_VERSION).append('\n')
                .append("archive_dir = ").append(certbotRoot.resolve("archive").resolve(lineage.name())).append('\n');
        for (String kind : KINDS) {
            text.append(kind).append(" = ").append(live.resolve(kind + ".pem")).append('\n');
        }
        text.append("\n# Options used in the renewal process\n[renewalparams]\n");
        renewalParams.forEach(line -> text.append(line).append('\n'));
        AtomicFile.write(file, text.toString().getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"), ownership);
        return true;
    }
}
