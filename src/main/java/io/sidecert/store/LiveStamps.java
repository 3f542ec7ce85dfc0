package io.sidecert.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers what {@code live/<name>} showed, keyed by the identity (device and inode), size and modification time
 * of the files its links lead to: a pass over thousands of certificates costs two {@code stat}s each, and a
 * certificate is parsed again only when a save, another node or a person changed what the link points to (a new
 * version is a new file, so a new inode).
 */
final class LiveStamps {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** The version seen before, if {@code live/<name>} still resolves to the same, unchanged files. */
    Optional<LiveVersion> unchanged(Lineage lineage) {
        Entry entry = entries.get(lineage.name());
        if (entry == null) {
            return Optional.empty();
        }
        return stamp(lineage).filter(entry.stamp()::equals).map(stamp -> entry.version());
    }

    /** Notes what was just read (or written); {@code stamp} must have been taken before reading. */
    void remember(Lineage lineage, Optional<Stamp> stamp, Optional<LiveVersion> version) {
        if (stamp.isPresent() && version.isPresent()) {
            entries.put(lineage.name(), new Entry(stamp.get(), version.get()));
        } else {
            entries.remove(lineage.name());
        }
    }

    /** Forgets the lineage: it was removed or moved. */
    void forget(Lineage lineage) {
        entries.remove(lineage.name());
    }

    /** Empty when the files are missing or a link is broken: then the full read says what is wrong. */
    static Optional<Stamp> stamp(Lineage lineage) {
        try {
            return Optional.of(new Stamp(FileStamp.of(lineage.live().resolve("fullchain.pem")),
                    FileStamp.of(lineage.live().resolve("privkey.pem"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    record Stamp(FileStamp fullchain, FileStamp privkey) {
    }

    record FileStamp(Object fileKey, long size, long modifiedNanos) {
        static FileStamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.size(),
                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
        }
    }

    private record Entry(Stamp stamp, LiveVersion version) {
    }
}
