package io.sidecert.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The modification times of every regular file under a directory, to count what a run wrote. */
record FileTimes(Map<Path, FileTime> modified) {
    FileTimes {
        modified = Map.copyOf(modified);
    }

    static FileTimes under(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return new FileTimes(files.filter(Files::isRegularFile)
                    .collect(Collectors.toMap(file -> file, FileTimes::modifiedTime)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** How many files in {@code later} are new or were modified since this snapshot. */
    long changedIn(FileTimes later) {
        return later.modified.entrySet().stream()
                .filter(e -> !Objects.equals(modified.get(e.getKey()), e.getValue()))
                .count();
    }

    private static FileTime modifiedTime(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the modification time of " + file, e);
        }
    }
}
