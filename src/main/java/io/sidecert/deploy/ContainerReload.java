package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.ReloadTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reloads one container: its config test first, and only when that passes, the signal or the reload command.
 * A failing test leaves the proxy running on its old configuration and certificates, which is what nginx
 * would do anyway on a bad reload, but without the error being buried in its log.
 */
final class ContainerReload {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final ContainerEngine engine;

    ContainerReload(ContainerEngine engine) {
        this.engine = requireNonNull(engine, "engine");
    }

    /**
     * @return what was done, e.g. {@code `nginx -t` passed, then SIGHUP}
     * @throws TargetFailure when the test or the reload failed, or the container could not be reached
     */
    String reload(ProxyContainer container, ReloadTarget target)
            throws TargetFailure, DockerUnreachable, InterruptedException {
        Optional<List<String>> test = target.configTest();
        if (test.isPresent()) {
            CommandResult result = engine.exec(container, test.get(), COMMAND_TIMEOUT);
            if (!result.succeeded()) {
                throw new TargetFailure(command(test.get()) + " failed (exit " + result.exitCode() + "), so "
                        + container.name() + " was not reloaded and keeps serving the previous certificates; the new "
                        + "ones stay in the store and the reload is tried again at the next check; fix the proxy's "
                        + "configuration: " + result.oneLine(), null);
            }
        }
        String before = test.map(t -> command(t) + " passed, then ").orElse("no config test, ");
        ReloadTarget.Action action = target.action();
        if (action instanceof ReloadTarget.Exec exec) {
            CommandResult result = engine.exec(container, exec.command(), COMMAND_TIMEOUT);
            if (!result.succeeded()) {
                throw new TargetFailure(action.describe() + " failed in " + container.name() + " (exit "
                        + result.exitCode() + "): " + result.oneLine() + "; the reload is tried again at the next "
                        + "check", null);
            }
            return before + action.describe();
        }
        engine.signal(container, ((ReloadTarget.Signal) action).name());
        return before + action.describe();
    }

    private static String command(List<String> words) {
        return "`" + String.join(" ", words) + "`";
    }
}
