package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.ReloadTarget;
import io.sidecert.config.ReloadTarget.ByLabel;
import io.sidecert.config.ReloadTarget.ByName;
import io.sidecert.config.ReloadTarget.ByService;
import io.sidecert.config.ReloadTarget.InOwnProject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which running containers the configured targets mean, and, for each target that means none, why not and what
 * to do. A pure function of the configuration and the containers Docker listed, so every rule has a test.
 *
 * <p>A container that several targets select is reloaded once, with the first target's settings.
 */
public final class TargetSelection {
    static final String COMPOSE_SERVICE = "com.docker.compose.service";
    static final String SWARM_SERVICE = "com.docker.swarm.service.name";
    static final String STACK_NAMESPACE = "com.docker.stack.namespace";
    static final String COMPOSE_PROJECT = "com.docker.compose.project";
    private static final int MIN_ID_PREFIX = 12;

    /** A running container and the settings it is reloaded with. */
    public record Selected(ProxyContainer container, ReloadTarget target) {
        public Selected {
            requireNonNull(container, "container");
            requireNonNull(target, "target");
        }
    }

    /** A configured target that selects no running container. */
    public record Unmatched(ReloadTarget target, String reason) {
        public Unmatched {
            requireNonNull(target, "target");
            requireNonNull(reason, "reason");
        }
    }

    /** @param selected in the order of the configuration, each container once */
    public record Result(List<Selected> selected, List<Unmatched> unmatched) {
        public Result {
            selected = List.copyOf(selected);
            unmatched = List.copyOf(unmatched);
        }
    }

    private TargetSelection() {
    }

    public static Result select(List<ReloadTarget> targets, List<ProxyContainer> containers) {
        return select(targets, containers, Optional.empty());
    }

    /** @param ownId the container sidecert runs in, for targets limited to its own compose project or stack */
    public static Result select(List<ReloadTarget> targets, List<ProxyContainer> containers, Optional<String> ownId) {
        Optional<ProxyContainer> own = ownId.flatMap(id -> containers.stream().filter(c -> c.id().equals(id)).findFirst());
        Map<String, Selected> selected = new LinkedHashMap<>();
        List<Unmatched> unmatched = new ArrayList<>();
        for (ReloadTarget target : targets) {
            List<ProxyContainer> matching = containers.stream().filter(matcher(target.selector(), own)).toList();
            List<ProxyContainer> running = matching.stream().filter(ProxyContainer::running).toList();
            if (running.isEmpty()) {
                unmatched.add(new Unmatched(target, whyNone(target.selector(), matching)));
            }
            running.forEach(c -> selected.putIfAbsent(c.id(), new Selected(c, target)));
        }
        return new Result(List.copyOf(selected.values()), unmatched);
    }

    /**
     * A Swarm stack prefixes its services with the stack's name ({@code sidecert_nginx}); {@code service = nginx}
     * should find them the way it finds compose's services, without knowing what the stack was deployed as.
     */
    private static String stackLocalName(ProxyContainer c) {
        String namespace = c.labels().get(STACK_NAMESPACE);
        String swarmService = c.labels().get(SWARM_SERVICE);
        if (namespace == null || swarmService == null || !swarmService.startsWith(namespace + "_")) {
            return null;
        }
        return swarmService.substring(namespace.length() + 1);
    }

    static Predicate<ProxyContainer> matcher(ReloadTarget.Selector selector) {
        return matcher(selector, Optional.empty());
    }

    static Predicate<ProxyContainer> matcher(ReloadTarget.Selector selector, Optional<ProxyContainer> own) {
        if (selector instanceof InOwnProject scoped) {
            return matcher(scoped.label()).and(c -> own.isPresent() && sameProject(own.get(), c));
        }
        if (selector instanceof ByLabel label) {
            return c -> c.labels().containsKey(label.key())
                    && label.value().map(v -> v.equals(c.labels().get(label.key()))).orElse(true);
        }
        if (selector instanceof ByName byName) {
            String name = byName.name();
            return c -> c.name().equals(name) || name.length() >= MIN_ID_PREFIX && c.id().startsWith(name);
        }
        String service = ((ByService) selector).name();
        return c -> service.equals(c.labels().get(COMPOSE_SERVICE)) || service.equals(c.labels().get(SWARM_SERVICE))
                || service.equals(stackLocalName(c));
    }

    /**
     * Whether two containers belong to the same compose project or Swarm stack; a container started on its own
     * (plain {@code docker run}) has neither, and then every labelled container on the engine is its project.
     */
    private static boolean sameProject(ProxyContainer own, ProxyContainer other) {
        String project = own.labels().get(COMPOSE_PROJECT);
        String stack = own.labels().get(STACK_NAMESPACE);
        if (project == null && stack == null) {
            return true;
        }
        return project != null && project.equals(other.labels().get(COMPOSE_PROJECT))
                || stack != null && stack.equals(other.labels().get(STACK_NAMESPACE));
    }

    private static String whyNone(ReloadTarget.Selector selector, List<ProxyContainer> stopped) {
        if (!stopped.isEmpty()) {
            String states = stopped.stream().map(c -> c.name() + " is " + c.state()).collect(Collectors.joining(", "));
            return states + "; nothing to reload until it runs, and when it starts it loads the current "
                    + "certificates; start it if it should be serving";
        }
        if (selector instanceof InOwnProject scoped) {
            return "no running container of sidecert's own compose project or stack has " + scoped.label().describe()
                    + "; add the label to the proxy in the same compose file or stack (labels: [\""
                    + scoped.label().key() + scoped.label().value().map(v -> "=" + v).orElse("")
                    + "\"]), or set reload.targets to name it";
        }
        if (selector instanceof ByLabel label) {
            return "no container on this Docker node has " + selector.describe() + "; add the label to the proxy "
                    + "(compose: labels: [\"" + label.key() + label.value().map(v -> "=" + v).orElse("")
                    + "\"]), or set reload.targets to name it";
        }
        if (selector instanceof ByName) {
            return "no container on this Docker node is named " + ((ByName) selector).name() + "; check "
                    + "reload.targets against the names `docker ps --all` shows";
        }
        return "no container on this Docker node belongs to " + selector.describe() + " (labels " + COMPOSE_SERVICE
                + " or " + SWARM_SERVICE + "); check the service name, and that a task of it runs on this node";
    }
}
