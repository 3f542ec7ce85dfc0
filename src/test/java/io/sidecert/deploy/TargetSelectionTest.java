package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.ReloadTarget;
import io.sidecert.config.ReloadTarget.ByLabel;
import io.sidecert.config.ReloadTarget.ByName;
import io.sidecert.config.ReloadTarget.ByService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which containers a target means: a table of scenarios over one node's containers. */
class TargetSelectionTest {
    private static final List<ProxyContainer> NODE = List.of(
            container("proxy", "running", Map.of("sidecert.reload", "true")),
            container("proxy-old", "exited", Map.of("sidecert.reload", "true")),
            container("legacy", "running", Map.of("sidecert.reload", "yes")),
            container("shop-web-1", "running", Map.of("com.docker.compose.service", "web",
                    "com.docker.compose.project", "shop")),
            container("shop-web-2", "running", Map.of("com.docker.compose.service", "web")),
            container("edge.1.x7k2", "running", Map.of("com.docker.swarm.service.name", "edge")),
            container("sidecert_nginx.abc.k9", "running", Map.of("com.docker.swarm.service.name", "sidecert_nginx",
                    "com.docker.stack.namespace", "sidecert")),
            container("cache", "paused", Map.of("com.docker.compose.service", "cache")),
            container("db", "running", Map.of()));

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("default label: running containers with that exact value",
                        new ByLabel("sidecert.reload", Optional.of("true")), List.of("proxy"), ""),
                Arguments.of("label key alone: any value",
                        new ByLabel("sidecert.reload", Optional.empty()), List.of("proxy", "legacy"), ""),
                Arguments.of("label nobody has: what to add, and where",
                        new ByLabel("proxy.reload", Optional.of("1")), List.of(),
                        "no container on this Docker node has label proxy.reload=1; add the label to the proxy "
                                + "(compose: labels: [\"proxy.reload=1\"])"),
                Arguments.of("name: exactly, not as a substring",
                        new ByName("proxy"), List.of("proxy"), ""),
                Arguments.of("name given as a 12-character ID prefix",
                        new ByName("id-db-000000"), List.of("db"), ""),
                Arguments.of("name of a stopped container: it loads the certificates when it starts",
                        new ByName("proxy-old"), List.of(), "proxy-old is exited; nothing to reload until it runs"),
                Arguments.of("name of no container",
                        new ByName("nginx"), List.of(), "no container on this Docker node is named nginx"),
                Arguments.of("compose service: every replica",
                        new ByService("web"), List.of("shop-web-1", "shop-web-2"), ""),
                Arguments.of("Swarm service: its tasks on this node",
                        new ByService("edge"), List.of("edge.1.x7k2"), ""),
                Arguments.of("Swarm stack service by its name within the stack",
                        new ByService("nginx"), List.of("sidecert_nginx.abc.k9"), ""),
                Arguments.of("Swarm stack service by its full name",
                        new ByService("sidecert_nginx"), List.of("sidecert_nginx.abc.k9"), ""),
                Arguments.of("paused service",
                        new ByService("cache"), List.of(), "cache is paused"),
                Arguments.of("service nobody runs",
                        new ByService("api"), List.of(), "no container on this Docker node belongs to service api"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void selects(String scenario, ReloadTarget.Selector selector, List<String> expected, String problem) {
        TargetSelection.Result result = TargetSelection.select(List.of(target(selector)), NODE);

        assertEquals(expected, result.selected().stream().map(s -> s.container().name()).toList());
        if (problem.isEmpty()) {
            assertEquals(List.of(), result.unmatched());
        } else {
            String reason = result.unmatched().get(0).reason();
            assertTrue(reason.contains(problem), reason);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaps")
    void selectsEachContainerOnceWithTheFirstTarget(String scenario, List<ReloadTarget> targets, List<String> expected,
            int firstPort) {
        TargetSelection.Result result = TargetSelection.select(targets, NODE);

        assertEquals(expected, result.selected().stream().map(s -> s.container().name()).toList());
        assertEquals(firstPort, result.selected().get(0).target().verifyPort());
    }

    static Stream<Arguments> overlaps() {
        ReloadTarget byLabel = target(new ByLabel("sidecert.reload", Optional.of("true")), 8443);
        ReloadTarget byName = target(new ByName("proxy"), 443);
        return Stream.of(
                Arguments.of("label first", List.of(byLabel, byName), List.of("proxy"), 8443),
                Arguments.of("name first", List.of(byName, byLabel), List.of("proxy"), 443));
    }

    private static ReloadTarget target(ReloadTarget.Selector selector) {
        return target(selector, 443);
    }

    private static ReloadTarget target(ReloadTarget.Selector selector, int port) {
        return new ReloadTarget(selector, new ReloadTarget.Signal("HUP"), Optional.empty(), Optional.empty(), port);
    }

    private static ProxyContainer container(String name, String state, Map<String, String> labels) {
        return new ProxyContainer("id-" + name + "-0000000000000000", name, labels, state, List.of("172.20.0.2"));
    }
}
