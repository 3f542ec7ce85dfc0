package io.sidecert.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code reload.commands}: each entry needs {@code run} and may set {@code test}, {@code timeout} and
 * {@code verify}. Commands are told apart by what they run, so two that run the same are rejected.
 */
final class ReloadCommandSection {
    private static final String COMMANDS = "reload.commands";
    private static final Set<String> KEYS = Set.of("test", "run", "timeout", "verify");
    private static final String EXAMPLE = "{ test = [nginx, -t], run = [nginx, -s, reload], verify = \"127.0.0.1:443\" }";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)]:(\\d{1,5})");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+):(\\d{1,5})");

    private final ValueReader reader;

    ReloadCommandSection(ValueReader reader) {
        this.reader = reader;
    }

    /** Null, like {@code []}, runs nothing. */
    Optional<List<ReloadCommand>> read() {
        if (reader.value(COMMANDS).isEmpty()) {
            return Optional.of(List.of());
        }
        Optional<List<ConfigValue>> entries = reader.list(COMMANDS, "commands = [ " + EXAMPLE + " ]");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        List<ReloadCommand> commands = new ArrayList<>();
        Map<String, Integer> byTarget = new HashMap<>();
        boolean allValid = true;
        for (int i = 0; i < entries.get().size(); i++) {
            String path = COMMANDS + "[" + i + "]";
            Optional<ReloadCommand> command = entry(entries.get().get(i), path);
            if (command.isPresent()) {
                Integer earlier = byTarget.putIfAbsent(command.get().describe(), i);
                if (earlier != null) {
                    reader.report(entries.get().get(i).origin(), path, "runs the same as " + COMMANDS + "["
                            + earlier + "]", "merge the two into one entry; a proxy is reloaded once per pass anyway");
                    allValid = false;
                }
                commands.add(command.get());
            }
            allValid &= command.isPresent();
        }
        return allValid ? Optional.of(commands) : Optional.empty();
    }

    private Optional<ReloadCommand> entry(ConfigValue value, String path) {
        if (!(value instanceof ConfigObject entry)) {
            reader.report(value.origin(), path, ValueReader.render(value) + " is not a command entry",
                    "write each command in braces: " + EXAMPLE);
            return Optional.empty();
        }
        ValueReader command = reader.nested(entry.toConfig(), path);
        boolean known = ReloadTargetSection.knownKeys(entry, command, KEYS, "a command entry");
        Optional<Optional<List<String>>> run = ReloadTargetSection.command(command, "run", "run = [nginx, -s, reload]");
        if (run.isPresent() && run.get().isEmpty()) {
            command.report(entry.origin(), "run", "is missing; a command entry needs what to run",
                    "write it like " + EXAMPLE);
            run = Optional.empty();
        }
        Optional<Optional<List<String>>> test = ReloadTargetSection.command(command, "test", "test = [nginx, -t]");
        Optional<Duration> timeout = command.value("timeout").isEmpty() ? Optional.of(DEFAULT_TIMEOUT)
                : command.duration("timeout", "timeout = 30s").flatMap(t -> command.check("timeout", timeout(t)));
        Optional<Optional<ReloadCommand.Verify>> verify = command.value("verify").isEmpty()
                ? Optional.of(Optional.empty())
                : command.string("verify", "verify = \"127.0.0.1:443\"")
                        .flatMap(v -> command.check("verify", verify(v))).map(Optional::of);
        if (!known || run.isEmpty() || test.isEmpty() || timeout.isEmpty() || verify.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReloadCommand(test.get(), run.get().get(), timeout.get(), verify.get()));
    }

    static Checked<Duration> timeout(Duration configured) {
        return configured.isNegative() || configured.isZero()
                ? Checked.invalid("must be longer than zero", "write it like timeout = 30s")
                : Checked.valid(configured);
    }

    /** {@code host:port} or {@code [v6]:port}; the port is required, as there is no usual one for a host proxy. */
    static Checked<ReloadCommand.Verify> verify(String configured) {
        String text = configured.trim();
        Matcher m = BRACKETED.matcher(text);
        if (!m.matches()) {
            m = HOST_PORT.matcher(text);
        }
        if (!m.matches()) {
            return Checked.invalid("\"" + configured + "\" is not host:port",
                    "write where the proxy serves TLS, like verify = \"127.0.0.1:443\", or remove verify");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return Checked.invalid("\"" + configured + "\" has port " + port + ", which is out of range",
                    "use a port from 1 to 65535, like verify = \"127.0.0.1:443\"");
        }
        return Checked.valid(new ReloadCommand.Verify(m.group(1), port));
    }
}
