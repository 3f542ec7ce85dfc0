package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A container on this Docker node as far as reloading cares: how to address it, what it is labelled, whether
 * it runs, and where it can be reached.
 *
 * @param name      without the leading {@code /} the Docker API puts there
 * @param state     Docker's word: {@code running}, {@code exited}, {@code paused}, {@code restarting} ...
 * @param addresses its IP address on each of its networks, in network-name order; empty with host networking
 */
public record ProxyContainer(String id, String name, Map<String, String> labels, String state, List<String> addresses) {
    public ProxyContainer {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        requireNonNull(state, "state");
        addresses = List.copyOf(addresses);
    }

    public boolean running() {
        return state.equals("running");
    }
}
