package io.sidecert.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Keeps a lineage's writes inside {@code storage.certificates}. A symbolic link at {@code live/}, {@code archive/}
 * or {@code archive/<name>} that leads out of the store would have the next version's private key written wherever
 * it points, so a save refuses it rather than replace it: the link may be the only way to versions that proxies
 * serve now. Links that stay inside the store are followed.
 *
 * <p>The links sidecert owns ({@code live/<name>} and its temporary links) are never written through: they are
 * replaced by a rename, so they need no check here. What a link at {@code live/} does to those relative links is
 * caught after the switch by {@link #requireServes}.
 */
final class StoreBoundary {
    private StoreBoundary() {
    }

    /** Fails, naming the link, when a directory a save writes into is a link that leaves the store. */
    static void requireInside(Lineage lineage, String step) throws StoreException {
        Path store = realStore(lineage, step);
        for (Path directory : List.of(lineage.liveDirectory(), lineage.archive().getParent(), lineage.archive())) {
            if (Files.isSymbolicLink(directory)) {
                requireLeadsInside(lineage, step, store, directory);
            }
        }
    }

    /**
     * Fails when {@code live/<name>/fullchain.pem} does not resolve to the file of {@code version}: a link above the
     * store's own (say {@code live/} itself) can leave the relative {@code ../archive/<name>/<N>} pointing nowhere.
     */
    static void requireServes(Lineage lineage, int version) throws StoreException {
        Path expected = lineage.version(version).resolve("fullchain.pem");
        Path live = lineage.live().resolve("fullchain.pem");
        String resolved;
        try {
            Path real = live.toRealPath();
            if (real.equals(expected.toRealPath())) {
                return;
            }
            resolved = "resolves to " + real;
        } catch (IOException e) {
            resolved = "does not resolve (" + StoreErrors.describe(e) + ")";
        }
        throw new StoreException("[" + lineage.name() + "] save: after switching live/" + lineage.name()
                + " to version " + version + ", " + live + " " + resolved + " instead of " + expected
                + ": proxies would not find the new certificate; make live/ and archive/ real directories side by"
                + " side in " + lineage.root() + " (no symbolic link above live/" + lineage.name() + ")");
    }

    private static void requireLeadsInside(Lineage lineage, String step, Path store, Path link)
            throws StoreException {
        Path target;
        try {
            target = link.toRealPath();
        } catch (IOException e) {
            throw refused(lineage, step, link, "a broken symbolic link (" + StoreErrors.describe(e) + ")");
        }
        if (!target.startsWith(store)) {
            throw refused(lineage, step, link, "a symbolic link to " + target + ", outside the certificates"
                    + " directory " + store);
        }
    }

    private static StoreException refused(Lineage lineage, String step, Path link, String what) {
        String relative = lineage.root().relativize(link).toString();
        return new StoreException("[" + lineage.name() + "] " + step + ": " + relative + " is " + what
                + ": refusing to write a private key through it; nothing was written and live/" + lineage.name()
                + " is unchanged. Replace the link with a real directory inside " + lineage.root()
                + " (move what it holds there), or point storage.certificates at the real location");
    }

    private static Path realStore(Lineage lineage, String step) throws StoreException {
        try {
            return lineage.root().toRealPath();
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), step, e, "check storage.certificates and that the shared"
                    + " volume is mounted");
        }
    }
}
