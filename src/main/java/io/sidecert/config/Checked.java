package io.sidecert.config;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of checking one configured value: the cleaned value, or what is wrong with it.
 * Checks stay free of HOCON so they can be tested as plain functions; {@link ValueReader} adds
 * the origin and key when it turns an {@link Invalid} into a {@link ConfigProblem}.
 */
sealed interface Checked<T> {

    record Valid<T>(T value) implements Checked<T> {
        public Valid {
            requireNonNull(value, "value");
        }
    }

    record Invalid<T>(String problem, String fix) implements Checked<T> {
        public Invalid {
            requireNonNull(problem, "problem");
            requireNonNull(fix, "fix");
        }
    }

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(String problem, String fix) {
        return new Invalid<>(problem, fix);
    }
}
