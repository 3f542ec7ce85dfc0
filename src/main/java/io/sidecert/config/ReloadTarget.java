package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One kind of container to tell about new certificates, with the defaults of the {@code reload} section
 * already applied.
 *
 * @param configTest run inside the container before reloading it; empty skips the test
 * @param verifyHost where to check the served certificate; empty means the container's own address
 */
public record ReloadTarget(Selector selector, Action action, Optional<List<String>> configTest,
        Optional<String> verifyHost, int verifyPort) {

    public ReloadTarget {
        requireNonNull(selector, "selector");
        requireNonNull(action, "action");
        configTest = configTest.map(List::copyOf);
        requireNonNull(verifyHost, "verifyHost");
    }

    /** This target, selecting what {@code selector} selects instead. */
    public ReloadTarget withSelector(Selector other) {
        return new ReloadTarget(other, action, configTest, verifyHost, verifyPort);
    }

    /** Which containers on this Docker node the target means. */
    public sealed interface Selector {
        /** How the selector reads in messages, e.g. {@code label sidecert.reload=true}. */
        String describe();
    }

    /** Containers with label {@code key}, and with exactly {@code value} when one is given. */
    public record ByLabel(String key, Optional<String> value) implements Selector {
        public ByLabel {
            requireNonNull(key, "key");
            requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return "label " + key + value.map(v -> "=" + v).orElse("");
        }
    }

    /**
     * Containers with {@code label} that belong to sidecert's own compose project or Swarm stack: the built-in default,
     * so that a second project on the same engine, or a sidecert run from the jar on the host, never reloads
     * another project's proxy. Outside a container there is no project, and this target is dropped.
     */
    public record InOwnProject(ByLabel label) implements Selector {
        public InOwnProject {
            requireNonNull(label, "label");
        }

        @Override
        public String describe() {
            return label.describe() + " in sidecert's own compose project or stack";
        }
    }

    /** The container with this name (or ID). */
    public record ByName(String name) implements Selector {
        public ByName {
            requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "container " + name;
        }
    }

    /** The containers of a compose service or of a Swarm service's tasks on this node. */
    public record ByService(String name) implements Selector {
        public ByService {
            requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "service " + name;
        }
    }

    /** How a container is made to load the new certificates. */
    public sealed interface Action {
        /** How the action reads in messages, e.g. {@code SIGHUP}. */
        String describe();
    }

    /** A signal to the container's main process, named without {@code SIG}, e.g. {@code HUP}. */
    public record Signal(String name) implements Action {
        public Signal {
            requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return name.chars().allMatch(Character::isDigit) ? "signal " + name : "SIG" + name;
        }
    }

    /** A command run inside the container, e.g. {@code nginx -s reload}. */
    public record Exec(List<String> command) implements Action {
        public Exec {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("an exec reload needs a command");
            }
        }

        @Override
        public String describe() {
            return "`" + String.join(" ", command) + "`";
        }
    }
}
