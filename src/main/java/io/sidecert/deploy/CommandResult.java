package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

/**
 * What a command run inside a container returned.
 *
 * @param output stdout and stderr as they came, trimmed
 */
public record CommandResult(int exitCode, String output) {
    private static final int MAX_LINE = 600;

    public CommandResult {
        requireNonNull(output, "output");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The output on one line (lines joined with " | "), cut to a length a log line can carry. */
    public String oneLine() {
        String line = String.join(" | ", output.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        if (line.isEmpty()) {
            return "(no output)";
        }
        return line.length() <= MAX_LINE ? line : line.substring(0, MAX_LINE) + " ...";
    }
}
