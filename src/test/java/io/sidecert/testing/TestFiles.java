package io.sidecert.testing;

import java.nio.file.Path;

/** File helpers for tests outside this package. */
public final class TestFiles {
    private TestFiles() {
    }

    /** Deletes a directory tree; a failure is printed, never thrown. */
    public static void deleteQuietly(Path directory) {
        TempDirectories.delete(directory);
    }
}
