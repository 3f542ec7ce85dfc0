package io.sidecert.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with the configuration, said so that a person can fix it without reading code.
 *
 * @param origin   file and line, e.g. {@code config/domains.conf:12}, or {@code environment variable SIDECERT_ACME_CA}
 * @param key      the full HOCON path, e.g. {@code certificates.shop.key-type}
 * @param problem  what is wrong and what was expected
 * @param fix      what to do about it
 */
public record ConfigProblem(String origin, String key, String problem, String fix) {
    public ConfigProblem {
        requireNonNull(origin, "origin");
        requireNonNull(key, "key");
        requireNonNull(problem, "problem");
        requireNonNull(fix, "fix");
    }

    @Override
    public String toString() {
        return origin + ": " + key + ": " + problem + " (" + fix + ")";
    }
}
