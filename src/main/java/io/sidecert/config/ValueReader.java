package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads typed values from a resolved configuration and turns every wrong value into a problem
 * instead of an exception, so that one load can report everything at once.
 *
 * <p>Reads return empty for null, for a wrong value (after reporting it), and for a value whose
 * parent is not a section ({@link UnknownKeys} reports that once, instead of once per key).
 */
final class ValueReader {
    private static final int MAX_RENDERED = 60;

    private final Config config;
    private final String prefix;
    private final Problems problems;
    private final Path baseDirectory;

    /**
     * @param prefix        the path of {@code config} in the whole configuration, so messages name full keys
     * @param baseDirectory what relative paths resolve against: the main config file's directory
     */
    ValueReader(Config config, String prefix, Problems problems, Path baseDirectory) {
        this.config = config;
        this.prefix = prefix;
        this.problems = problems;
        this.baseDirectory = baseDirectory;
    }

    /** A reader for a sub-configuration, such as one certificate merged with its defaults. */
    ValueReader nested(Config subConfig, String subPrefix) {
        return new ValueReader(subConfig, subPrefix, problems, baseDirectory);
    }

    String key(String path) {
        return prefix.isEmpty() ? path : prefix + "." + path;
    }

    /** The value at {@code path}, null included; empty if it is absent or a parent is not a section. */
    private Optional<ConfigValue> raw(String path) {
        ConfigValue current = config.root();
        for (String element : ConfigUtil.splitPath(path)) {
            if (!(current instanceof ConfigObject object) || !object.containsKey(element)) {
                return Optional.empty();
            }
            current = object.get(element);
        }
        return Optional.of(current);
    }

    Optional<ConfigValue> value(String path) {
        return raw(path).filter(v -> v.valueType() != ConfigValueType.NULL);
    }

    Optional<String> string(String path, String example) {
        return read(path, Config::getString, "a single value", example);
    }

    /** Like {@link #string} but a null is a problem: for keys whose reference default is not null. */
    Optional<String> requiredString(String path, String example) {
        reportIfNull(path, example);
        return string(path, example);
    }

    Optional<Integer> requiredInteger(String path, int min, int max, String example) {
        reportIfNull(path, example);
        return read(path, Config::getInt, "a whole number", example).flatMap(number -> check(path,
                number >= min && number <= max
                        ? Checked.valid(number)
                        : Checked.invalid(number + " is out of range; expected " + min + " to " + max,
                                "write it like " + example)));
    }

    Optional<Boolean> requiredBoolean(String path, String example) {
        reportIfNull(path, example);
        return read(path, Config::getBoolean, "true or false", example);
    }

    Optional<Duration> duration(String path, String example) {
        return read(path, Config::getDuration, "a duration such as 20d, 36h or 90m", example);
    }

    Optional<Duration> requiredDuration(String path, String example) {
        reportIfNull(path, example);
        return duration(path, example);
    }

    Optional<List<ConfigValue>> list(String path, String example) {
        return read(path, Config::getList, "a list", example).map(ConfigList::stream).map(s -> s.toList());
    }

    /** A file system path; relative ones resolve against the main config file's directory. */
    Optional<Path> path(String path, String example) {
        return string(path, example).flatMap(text -> check(path, toPath(text)));
    }

    Optional<Path> requiredPath(String path, String example) {
        reportIfNull(path, example);
        return path(path, example);
    }

    /** Reports an invalid check against the value at {@code path}. */
    <T> Optional<T> check(String path, Checked<T> checked) {
        return check(origin(path), path, checked);
    }

    <T> Optional<T> check(ConfigOrigin origin, String path, Checked<T> checked) {
        if (checked instanceof Checked.Invalid<T> invalid) {
            report(origin, path, invalid.problem(), invalid.fix());
            return Optional.empty();
        }
        return Optional.of(((Checked.Valid<T>) checked).value());
    }

    void report(String path, String problem, String fix) {
        report(origin(path), path, problem, fix);
    }

    void report(ConfigOrigin origin, String path, String problem, String fix) {
        problems.add(origin, key(path), problem, fix);
    }

    /** Where the value at {@code path} was set, or the nearest section that exists. */
    ConfigOrigin origin(String path) {
        ConfigOrigin nearest = config.root().origin();
        ConfigValue current = config.root();
        for (String element : ConfigUtil.splitPath(path)) {
            if (!(current instanceof ConfigObject object) || !object.containsKey(element)) {
                break;
            }
            current = object.get(element);
            nearest = current.origin();
        }
        return nearest;
    }

    static String render(ConfigValue value) {
        String text = value.render(ConfigRenderOptions.concise());
        return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED) + "...";
    }

    private <T> Optional<T> read(String path, BiFunction<Config, String, T> getter, String expected, String example) {
        return value(path).flatMap(value -> {
            try {
                // Typesafe's own conversions apply, so "2" from an environment variable reads as 2.
                return Optional.of(getter.apply(value.atKey("v"), "v"));
            } catch (ConfigException e) {
                report(value.origin(), path, render(value) + " is not " + expected, "write it like " + example);
                return Optional.empty();
            }
        });
    }

    private void reportIfNull(String path, String example) {
        raw(path).filter(v -> v.valueType() == ConfigValueType.NULL).ifPresent(v -> report(v.origin(), path,
                "is null, but sidecert needs a value here", "write it like " + example + ", or remove the setting to get the default"));
    }

    private Checked<Path> toPath(String text) {
        try {
            return Checked.valid(baseDirectory.resolve(text).normalize());
        } catch (InvalidPathException e) {
            return Checked.invalid("\"" + text + "\" is not a usable path (" + e.getReason() + ")",
                    "write a path such as /var/lib/sidecert");
        }
    }
}
