package io.sidecert.config;

import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code docker} and {@code reload} sections: which containers to tell about new certificates and
 * how. The section's {@code signal}, {@code exec}, {@code config-test} and {@code verify.port} are defaults that
 * each target may override (see {@link ReloadTargetSection}).
 */
final class ReloadSection {
    private static final String TARGETS = "reload.targets";
    private static final String TARGETS_EXAMPLE = "targets = [ { label = \"sidecert.reload=true\" } ]";

    private final ValueReader reader;
    private final LocalFiles files;

    ReloadSection(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    Optional<ReloadSettings> read() {
        Optional<DockerSettings> docker = new DockerSection(reader, files).read();
        Optional<ReloadTargetSection.Defaults> defaults = defaults();
        Optional<List<ReloadTarget>> targets = targets(defaults);
        Optional<Boolean> verify = reader.requiredBoolean("reload.verify.enabled", "enabled = true");
        Optional<Duration> timeout = reader.requiredDuration("reload.verify.timeout", "timeout = 60s")
                .flatMap(value -> reader.check("reload.verify.timeout", timeout(value)));
        Optional<List<ReloadCommand>> commands = new ReloadCommandSection(reader).read();
        if (docker.isEmpty() || targets.isEmpty() || verify.isEmpty() || timeout.isEmpty() || commands.isEmpty()) {
            return Optional.empty();
        }
        List<ReloadTarget> told = !builtIn(TARGETS) ? targets.get()
                : commands.get().isEmpty() ? targets.get().stream().map(ReloadSection::inOwnProject).toList()
                : List.of();
        return Optional.of(new ReloadSettings(docker.get(), told, verify.get(), timeout.get(), commands.get()));
    }

    /** The built-in label target reaches only sidecert's own project's proxies (see {@link ReloadTarget.InOwnProject}). */
    private static ReloadTarget inOwnProject(ReloadTarget target) {
        return target.selector() instanceof ReloadTarget.ByLabel label
                ? target.withSelector(new ReloadTarget.InOwnProject(label)) : target;
    }

    private Optional<ReloadTargetSection.Defaults> defaults() {
        Optional<ReloadTarget.Signal> signal = reader.requiredString("reload.signal", "signal = HUP")
                .flatMap(value -> reader.check("reload.signal", ReloadTargetSection.signal(value)));
        Optional<Optional<List<String>>> exec = ReloadTargetSection.command(reader, "reload.exec",
                "exec = [nginx, -s, reload]");
        Optional<Optional<List<String>>> configTest = ReloadTargetSection.command(reader, "reload.config-test",
                "config-test = [nginx, -t]");
        Optional<Integer> port = reader.requiredInteger("reload.verify.port", 1, 65535, "port = 443");
        if (signal.isEmpty() || exec.isEmpty() || configTest.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReloadTargetSection.Defaults(signal.get(), exec.get(), configTest.get(), port.get()));
    }

    /** Null, like {@code []}, tells no one: that is how an environment variable switches reloads off. */
    private Optional<List<ReloadTarget>> targets(Optional<ReloadTargetSection.Defaults> defaults) {
        if (reader.value(TARGETS).isEmpty()) {
            return Optional.of(List.of());
        }
        Optional<List<ConfigValue>> entries = reader.list(TARGETS, TARGETS_EXAMPLE);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        ReloadTargetSection section = new ReloadTargetSection(reader);
        List<ReloadTarget> targets = new ArrayList<>();
        boolean allValid = true;
        for (int i = 0; i < entries.get().size(); i++) {
            Optional<ReloadTarget> target = section.read(entries.get().get(i), TARGETS + "[" + i + "]", defaults);
            target.ifPresent(targets::add);
            allValid &= target.isPresent();
        }
        return allValid && defaults.isPresent() ? Optional.of(targets) : Optional.empty();
    }

    /**
     * Whether {@code path} still holds reference.conf's value. The default target (containers labelled
     * sidecert.reload=true) applies only when no commands are configured: someone who writes only commands runs
     * host proxies, often without Docker, and should not get a "Docker unreachable" they never asked for.
     */
    private boolean builtIn(String path) {
        ConfigOrigin origin = reader.origin(path);
        return origin.filename() == null && origin.url() == null
                && origin.description().startsWith(HoconFiles.REFERENCE);
    }

    static Checked<Duration> timeout(Duration configured) {
        return configured.isNegative() || configured.isZero()
                ? Checked.invalid("must be longer than zero",
                        "write it like timeout = 60s; to skip the check, set verify.enabled = false")
                : Checked.valid(configured);
    }
}
