package io.sidecert.config;

import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every {@link ConfigProblem} found during one load, so they can be reported together
 * instead of one per restart.
 */
final class Problems {
    private static final Pattern TRAILING_LINE = Pattern.compile(": (\\d+)$");

    private final List<ConfigProblem> found = new ArrayList<>();

    void add(ConfigOrigin origin, String key, String problem, String fix) {
        add(describe(origin), key, problem, fix);
    }

    void add(String origin, String key, String problem, String fix) {
        found.add(new ConfigProblem(origin, key, problem, fix));
    }

    boolean any() {
        return !found.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (any()) {
            throw failure();
        }
    }

    /** For steps that cannot go on; only call it once something has been added. */
    ConfigException failure() {
        return new ConfigException(found);
    }

    /**
     * {@code file:line} with the file as the user named it (includes are relative to it), or the
     * origin's own description for values that did not come from a file. Typesafe leaves the
     * origin of some exceptions null.
     */
    static String describe(ConfigOrigin origin) {
        if (origin == null) {
            return "configuration";
        }
        if (origin.filename() != null) {
            return origin.lineNumber() > 0 ? origin.filename() + ":" + origin.lineNumber() : origin.filename();
        }
        return TRAILING_LINE.matcher(origin.description()).replaceFirst(":$1");
    }
}
