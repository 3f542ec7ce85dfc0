package io.sidecert.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Version numbers of a lineage, counted across sidecert's version directories and certbot's numbered files. */
final class ArchiveVersions {
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("\\d{1,9}");
    private static final Pattern CERTBOT_FILE = Pattern.compile("(?:cert|chain|fullchain|privkey)(\\d{1,9})\\.pem");

    private ArchiveVersions() {}

    /** One more than the highest version in {@code archive}, so a new version never reuses an old number. */
    static int next(Path archive) throws IOException {
        return highest(archive) + 1;
    }

    /** The highest version in {@code archive}; 0 when there is none. */
    static int highest(Path archive) throws IOException {
        if (!Files.isDirectory(archive)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(archive)) {
            return entries.map(entry -> of(entry.getFileName().toString()))
                    .filter(OptionalInt::isPresent)
                    .mapToInt(OptionalInt::getAsInt)
                    .max()
                    .orElse(0);
        }
    }

    /** The version an archive entry holds: {@code 7} for sidecert's {@code 7/} and certbot's {@code cert7.pem}. */
    static OptionalInt of(String fileName) {
        if (VERSION_DIRECTORY.matcher(fileName).matches()) {
            return OptionalInt.of(Integer.parseInt(fileName));
        }
        Matcher certbot = CERTBOT_FILE.matcher(fileName);
        return certbot.matches() ? OptionalInt.of(Integer.parseInt(certbot.group(1))) : OptionalInt.empty();
    }

    /**
     * The version {@code live} shows, given the directory it resolved to: the version directory sidecert's link
     * points at, else the target of certbot's {@code cert.pem} link; 0 for plain files that no archive backs.
     */
    static int ofLive(Path live, Path resolved) throws IOException {
        if (Files.isSymbolicLink(live) && VERSION_DIRECTORY.matcher(resolved.getFileName().toString()).matches()) {
            return Integer.parseInt(resolved.getFileName().toString());
        }
        Path cert = resolved.resolve("cert.pem");
        if (Files.isSymbolicLink(cert)) {
            Matcher certbot = CERTBOT_FILE.matcher(Files.readSymbolicLink(cert).getFileName().toString());
            if (certbot.matches()) {
                return Integer.parseInt(certbot.group(1));
            }
        }
        return 0;
    }
}
