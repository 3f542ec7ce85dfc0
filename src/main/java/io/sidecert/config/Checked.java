package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;

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

    /** The valid value transformed; an invalid one stays as it is. */
    default <R> Checked<R> map(Function<? super T, ? extends R> mapper) {
        if (this instanceof Valid<T> valid) {
            return valid(mapper.apply(valid.value()));
        }
        Invalid<T> invalid = (Invalid<T>) this;
        return invalid(invalid.problem(), invalid.fix());
    }

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(String problem, String fix) {
        return new Invalid<>(problem, fix);
    }
}
