package io.sidecert.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * sidecert's own engine seam, faked: a list of containers, scripted command results, and a record of what was
 * run and sent. For the reloader's bookkeeping; the Docker side is tested against a real engine.
 */
final class FakeEngine implements ContainerEngine {
    final List<ProxyContainer> containers = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, CommandResult> results = new HashMap<>();
    private Optional<String> unreachable = Optional.empty();

    static ProxyContainer running(String name, Map<String, String> labels) {
        return new ProxyContainer("id-" + name, name, labels, "running", List.of());
    }

    FakeEngine with(ProxyContainer... added) {
        containers.addAll(List.of(added));
        return this;
    }

    /** What {@code command} returns in {@code container} from now on; by default exit 0 and no output. */
    void answer(String container, String command, CommandResult result) {
        results.put(container + ": " + command, result);
    }

    void unreachable(Optional<String> message) {
        unreachable = message;
    }

    List<String> callsTo(String container) {
        List<String> found = new ArrayList<>();
        calls.stream().filter(c -> c.startsWith(container + ": ")).forEach(found::add);
        return found;
    }

    @Override
    public List<ProxyContainer> containers() throws DockerUnreachable {
        if (unreachable.isPresent()) {
            throw new DockerUnreachable(unreachable.get(), null);
        }
        return List.copyOf(containers);
    }

    @Override
    public CommandResult exec(ProxyContainer container, List<String> command, Duration timeout) {
        String call = container.name() + ": " + String.join(" ", command);
        calls.add(call);
        return results.getOrDefault(call, new CommandResult(0, ""));
    }

    @Override
    public void signal(ProxyContainer container, String signal) {
        calls.add(container.name() + ": SIG" + signal);
    }

    @Override
    public String address() {
        return "fake://docker";
    }

    @Override
    public void close() {
    }
}
