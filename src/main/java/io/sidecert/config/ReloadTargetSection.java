package io.sidecert.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one entry of {@code reload.targets}: exactly one of {@code label}, {@code container} and
 * {@code service}, plus overrides of the section's defaults.
 *
 * <p>The reload a target gets is its own {@code exec}, else its own {@code signal}, else the section's
 * {@code exec}, else the section's {@code signal}; so a target can choose a signal even where the section
 * sets an exec. A target's {@code config-test = null} skips the test for that target only.
 */
final class ReloadTargetSection {
    private static final List<String> SELECTORS = List.of("label", "container", "service");
    private static final Set<String> KEYS = Set.of("label", "container", "service", "signal", "exec", "config-test",
            "verify-host", "verify-port");
    private static final String EXAMPLE = "{ label = \"sidecert.reload=true\" }, { container = nginx } or { service = web }";
    /** Docker's own rule for container names, which compose and Swarm service names also meet. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern LABEL_KEY = Pattern.compile("[^=\\s]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]+");
    /** Linux's signals, as {@code docker kill --signal} knows them. */
    private static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    /** The section's settings that a target inherits unless it sets its own. */
    record Defaults(ReloadTarget.Signal signal, Optional<List<String>> exec, Optional<List<String>> configTest,
            int verifyPort) {
    }

    private final ValueReader reader;

    ReloadTargetSection(ValueReader reader) {
        this.reader = reader;
    }

    /**
     * @param defaults the section's settings, empty when they are broken (already reported): then the entry is
     *                 still checked, so that all of its problems are reported too, but nothing is returned
     */
    Optional<ReloadTarget> read(ConfigValue value, String path, Optional<Defaults> defaults) {
        if (!(value instanceof ConfigObject entry)) {
            reader.report(value.origin(), path, ValueReader.render(value) + " is not a target",
                    "write each target in braces: " + EXAMPLE);
            return Optional.empty();
        }
        ValueReader target = reader.nested(entry.toConfig(), path);
        boolean known = knownKeys(entry, target, KEYS, "a target");
        Optional<ReloadTarget.Selector> selector = selector(entry, target);
        // exec = null and config-test = null mean something (no command), so these two count even when null.
        Own<Optional<List<String>>> exec = entry.containsKey("exec")
                ? Own.read(command(target, "exec", "exec = [nginx, -s, reload]")) : Own.absent();
        Own<ReloadTarget.Signal> signal = target.value("signal").isEmpty() ? Own.absent()
                : Own.read(target.string("signal", "signal = HUP").flatMap(v -> target.check("signal", signal(v))));
        Own<Optional<List<String>>> configTest = entry.containsKey("config-test")
                ? Own.read(command(target, "config-test", "config-test = [nginx, -t]")) : Own.absent();
        Own<String> verifyHost = target.value("verify-host").isEmpty() ? Own.absent() : Own.read(verifyHost(target));
        Own<Integer> verifyPort = target.value("verify-port").isEmpty() ? Own.absent()
                : Own.read(target.requiredInteger("verify-port", 1, 65535, "verify-port = 8443"));
        boolean valid = known && selector.isPresent() && exec.valid() && signal.valid() && configTest.valid()
                && verifyHost.valid() && verifyPort.valid();
        if (!valid || defaults.isEmpty()) {
            return Optional.empty();
        }
        Defaults inherited = defaults.get();
        return Optional.of(new ReloadTarget(selector.get(), action(exec, signal, inherited),
                configTest.orElse(inherited.configTest()), verifyHost.value(),
                verifyPort.orElse(inherited.verifyPort())));
    }

    /** See the class comment: own exec, own signal, then the section's exec, then the section's signal. */
    private static ReloadTarget.Action action(Own<Optional<List<String>>> exec, Own<ReloadTarget.Signal> signal,
            Defaults defaults) {
        Optional<List<String>> command = exec.orElse(defaults.exec());
        if (signal.given() && !exec.value().flatMap(c -> c).isPresent()) {
            return signal.orElse(defaults.signal());
        }
        return command.<ReloadTarget.Action>map(ReloadTarget.Exec::new).orElse(defaults.signal());
    }

    /**
     * A target's own setting: not given (the section's applies), or given, with its value or empty when it was
     * wrong (already reported).
     */
    private record Own<T>(boolean given, Optional<T> value) {
        static <T> Own<T> absent() {
            return new Own<>(false, Optional.empty());
        }

        static <T> Own<T> read(Optional<T> checked) {
            return new Own<>(true, checked);
        }

        boolean valid() {
            return !given || value.isPresent();
        }

        T orElse(T inherited) {
            return given ? value.orElseThrow() : inherited;
        }
    }

    /**
     * Reports every key of a list entry that is not in {@code keys}: entries of lists escape {@link UnknownKeys}.
     *
     * @param what the entry, for the message, e.g. "a target"
     */
    static boolean knownKeys(ConfigObject entry, ValueReader target, Set<String> keys, String what) {
        boolean known = true;
        for (String key : new TreeSet<>(entry.keySet())) {
            if (!keys.contains(key)) {
                target.report(entry.get(key).origin(), key, "unknown key", Suggestions.closest(key, keys)
                        .map(k -> "did you mean " + k + "?")
                        .orElse("remove it; " + what + " takes " + String.join(", ", new TreeSet<>(keys))));
                known = false;
            }
        }
        return known;
    }

    private static Optional<ReloadTarget.Selector> selector(ConfigObject entry, ValueReader target) {
        List<String> given = SELECTORS.stream().filter(entry::containsKey).toList();
        if (given.size() != 1) {
            target.report(entry.origin(), "", given.isEmpty()
                            ? "names no container; a target needs one of label, container or service"
                            : "sets " + String.join(" and ", given) + "; a target selects by one of them",
                    given.isEmpty() ? "write it like " + EXAMPLE : "split it into one target for each");
            return Optional.empty();
        }
        String key = given.get(0);
        return target.requiredString(key, key + " = ...").flatMap(value -> target.check(key, switch (key) {
            case "label" -> label(value);
            case "container" -> name(value, "container").map(ReloadTarget.ByName::new);
            default -> name(value, "service").map(ReloadTarget.ByService::new);
        }));
    }

    private static Optional<String> verifyHost(ValueReader target) {
        return target.string("verify-host", "verify-host = nginx")
                .flatMap(value -> target.check("verify-host", HOST.matcher(value.trim()).matches()
                        ? Checked.valid(value.trim())
                        : Checked.invalid("\"" + value + "\" is not a host name or address",
                                "write only the host, e.g. verify-host = nginx; the port goes in verify-port")));
    }

    static Checked<ReloadTarget.Selector> label(String configured) {
        String text = configured.trim();
        int equals = text.indexOf('=');
        String key = equals < 0 ? text : text.substring(0, equals);
        if (!LABEL_KEY.matcher(key).matches()) {
            return Checked.invalid("\"" + configured + "\" is not a label; expected key=value, or a key alone",
                    "write it like label = \"sidecert.reload=true\"");
        }
        Optional<String> value = equals < 0 ? Optional.empty() : Optional.of(text.substring(equals + 1));
        return Checked.valid(new ReloadTarget.ByLabel(key, value));
    }

    private static Checked<String> name(String configured, String what) {
        String name = configured.trim();
        if (name.startsWith("/")) {
            name = name.substring(1);   // how the Docker API writes container names
        }
        return NAME.matcher(name).matches()
                ? Checked.valid(name)
                : Checked.invalid("\"" + configured + "\" is not a " + what + " name; expected letters, digits, "
                        + "'_', '.' and '-', starting with a letter or digit", "write it as `docker ps` shows it");
    }

    static Checked<ReloadTarget.Signal> signal(String configured) {
        String name = configured.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        if (SIGNALS.contains(name) || name.matches("[1-9]|[1-5][0-9]|6[0-4]")) {
            return Checked.valid(new ReloadTarget.Signal(name));
        }
        return Checked.invalid("\"" + configured + "\" is not a signal",
                "write a signal name such as HUP (nginx), USR2 (HAProxy) or a number from 1 to 64");
    }

    /**
     * A command: a list of words, or one string split at spaces. Empty when invalid (reported); holding empty
     * when null, which means "no command".
     */
    static Optional<Optional<List<String>>> command(ValueReader reader, String path, String example) {
        Optional<ConfigValue> value = reader.value(path);
        if (value.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        if (value.get().valueType() == ConfigValueType.STRING) {
            return reader.check(path, words(List.of(value.get().unwrapped().toString().trim().split("\\s+")), example))
                    .map(Optional::of);
        }
        return reader.list(path, example).flatMap(list -> reader.check(path, elements(list, example)))
                .map(Optional::of);
    }

    private static Checked<List<String>> elements(List<ConfigValue> list, String example) {
        List<String> words = new ArrayList<>();
        for (ConfigValue element : list) {
            if (element.valueType() == ConfigValueType.OBJECT || element.valueType() == ConfigValueType.LIST
                    || element.valueType() == ConfigValueType.NULL) {
                return Checked.invalid(ValueReader.render(element) + " is not a word of a command",
                        "write the command as a list of strings, like " + example);
            }
            words.add(element.unwrapped().toString());
        }
        return words(words, example);
    }

    private static Checked<List<String>> words(List<String> words, String example) {
        if (words.isEmpty() || words.get(0).isBlank()) {
            return Checked.invalid("is an empty command", "write it like " + example + ", or null for none");
        }
        return Checked.valid(List.copyOf(words));
    }
}
