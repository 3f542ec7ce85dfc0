package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns {@code SIDECERT_*} environment variables into configuration overrides, so a container can
 * change a setting without a file: {@code SIDECERT_HTTP__01_MODE=standalone} sets {@code http-01.mode}
 * ({@code __} stands for {@code -}, {@code _} for {@code .}).
 *
 * <p>Only variables naming a section of {@code reference.conf} count; others such as
 * {@code SIDECERT_CONFIG} belong to the command line and are left alone. Certificates cannot be
 * set this way, because their names are not known in advance.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "SIDECERT_";
    private static final String CERTIFICATES = "certificates";

    private final ConfigObject reference;

    EnvironmentOverrides(Config reference) {
        this.reference = reference.root();
    }

    Config from(Map<String, String> environment, Problems problems) {
        Config overrides = ConfigFactory.empty();
        // Sorted, so that problems come out in the same order on every run.
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            Optional<List<String>> path = path(variable.getKey()).filter(this::inKnownSection);
            if (path.isPresent() && isSetting(path.get())) {
                overrides = overrides.withValue(ConfigUtil.joinPath(path.get()), value(variable.getKey(), variable.getValue()));
            } else if (path.isPresent()) {
                reportUnknown(variable.getKey(), path.get(), problems);
            }
        }
        return overrides;
    }

    /** {@code SIDECERT_HTTP__01_MODE} becomes {@code [http-01, mode]}. */
    static Optional<List<String>> path(String variable) {
        if (!variable.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String dotted = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", "-").replace('_', '.');
        return Optional.of(List.of(dotted.split("\\.", -1)));
    }

    static String variable(String path) {
        return PREFIX + path.toUpperCase(Locale.ROOT).replace("-", "__").replace('.', '_');
    }

    private boolean inKnownSection(List<String> path) {
        return !path.get(0).equals(CERTIFICATES) && reference.get(path.get(0)) instanceof ConfigObject;
    }

    private boolean isSetting(List<String> path) {
        ConfigValue current = reference;
        for (String element : path) {
            if (!(current instanceof ConfigObject object) || !object.containsKey(element)) {
                return false;
            }
            current = object.get(element);
        }
        return !(current instanceof ConfigObject);
    }

    private static ConfigValue value(String variable, String text) {
        String origin = "environment variable " + variable;
        // An empty variable is how a compose file says "unset", and null is HOCON's word for it.
        boolean unset = text.isEmpty() || text.equals("null");
        return ConfigValueFactory.fromAnyRef(unset ? null : text, origin);
    }

    private void reportUnknown(String variable, List<String> path, Problems problems) {
        String key = String.join(".", path);
        String fix = Suggestions.closest(key, settings())
                .map(known -> "did you mean " + variable(known) + "?")
                .orElse("remove it; see reference.conf for the keys of " + path.get(0)
                        + " and spell them in upper case with _ for . and __ for -");
        problems.add("environment variable " + variable, key, "unknown key", fix);
    }

    private List<String> settings() {
        List<String> settings = new ArrayList<>();
        collect(reference, "", settings);
        return settings;
    }

    private static void collect(ConfigObject object, String prefix, List<String> settings) {
        object.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof ConfigObject nested) {
                collect(nested, path, settings);
            } else {
                settings.add(path);
            }
        });
    }
}
