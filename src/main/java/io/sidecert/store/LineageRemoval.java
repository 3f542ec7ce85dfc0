package io.sidecert.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes every file of one lineage: {@code live/<name>} (sidecert's link or certbot's directory), the store's
 * hidden entries for it in {@code live/}, {@code archive/<name>/} and certbot's {@code renewal/<name>.conf}.
 *
 * <p>{@code live/<name>} goes first: once it is gone no reader finds the lineage, so a removal cut short leaves
 * only unreachable files, which a second removal finishes.
 */
final class LineageRemoval {
    private LineageRemoval() {
    }

    /** Removes the lineage's files and returns what was there, for the operator's record. */
    static List<Path> remove(Lineage lineage) throws IOException {
        List<Path> removed = new ArrayList<>();
        deleteTree(lineage.live(), removed);
        if (Files.isDirectory(lineage.liveDirectory())) {
            try (Stream<Path> entries = Files.list(lineage.liveDirectory())) {
                for (Path entry : entries.toList()) {
                    if (lineage.isAside(entry) || lineage.isTempLink(entry)) {
                        deleteTree(entry, removed);
                    }
                }
            }
            AtomicFile.syncDirectory(lineage.liveDirectory());
        }
        deleteTree(lineage.archive(), removed);
        deleteTree(lineage.renewalConfig(), removed);
        return List.copyOf(removed);
    }

    /** Removes {@code top} and, for a directory, what it holds; links are removed, never followed. */
    static void deleteTree(Path top) throws IOException {
        deleteTree(top, new ArrayList<>());
    }

    // Links are removed, never followed: a certbot directory holds links into archive/.
    private static void deleteTree(Path top, List<Path> removed) throws IOException {
        if (!Files.exists(top, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> tree = Files.walk(top)) {
                for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        } else {
            Files.deleteIfExists(top);
        }
        removed.add(top);
    }
}
