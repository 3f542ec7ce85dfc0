package io.sidecert.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.config.ReloadTarget;
import io.sidecert.config.ReloadTarget.ByLabel;
import io.sidecert.config.ReloadTarget.InOwnProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in reload target reaches only the labelled proxies of sidecert's own compose project or Swarm stack, never
 * those of another project on the same engine; and sidecert finds its own container from its mount table.
 */
class OwnProjectTest {
    private static final String OWN_ID = "a".repeat(64);
    private static final ReloadTarget DEFAULT = new ReloadTarget(new InOwnProject(new ByLabel("sidecert.reload",
            Optional.of("true"))), new ReloadTarget.Signal("HUP"), Optional.empty(), Optional.empty(), 443);
    private static final Map<String, String> LABELLED = Map.of("sidecert.reload", "true");

    @Test
    void aComposeProjectsSidecertReloadsItsOwnNginxAndNotTheOtherProjects() {
        List<ProxyContainer> node = List.of(
                container(OWN_ID, "shop-sidecert-1", Map.of("com.docker.compose.project", "shop")),
                container("b", "shop-nginx-1", with(LABELLED, "com.docker.compose.project", "shop")),
                container("c", "blog-nginx-1", with(LABELLED, "com.docker.compose.project", "blog")),
                container("d", "loose-nginx", LABELLED));

        assertEquals(List.of("shop-nginx-1"), selected(node, Optional.of(OWN_ID)));
    }

    @Test
    void aStacksSidecertReloadsItsOwnStacksTasks() {
        List<ProxyContainer> node = List.of(
                container(OWN_ID, "edge_sidecert.x", Map.of("com.docker.stack.namespace", "edge")),
                container("b", "edge_nginx.1", with(LABELLED, "com.docker.stack.namespace", "edge")),
                container("c", "other_nginx.1", with(LABELLED, "com.docker.stack.namespace", "other")));

        assertEquals(List.of("edge_nginx.1"), selected(node, Optional.of(OWN_ID)));
    }

    @Test
    void aSidecertStartedWithPlainDockerRunHasNoProjectAndReloadsEveryLabelledProxy() {
        List<ProxyContainer> node = List.of(
                container(OWN_ID, "sidecert", Map.of()),
                container("b", "nginx", LABELLED),
                container("c", "blog-nginx-1", with(LABELLED, "com.docker.compose.project", "blog")));

        assertEquals(List.of("nginx", "blog-nginx-1"), selected(node, Optional.of(OWN_ID)));
    }

    @Test
    void withoutItsOwnContainerTheDefaultMeansNoneAndSaysWhatToDo() {
        List<ProxyContainer> node = List.of(container("b", "nginx", with(LABELLED, "com.docker.compose.project", "x")));

        TargetSelection.Result result = TargetSelection.select(List.of(DEFAULT), node, Optional.empty());

        assertEquals(List.of(), result.selected());
        assertEquals("no running container of sidecert's own compose project or stack has label sidecert.reload=true;"
                + " add the label to the proxy in the same compose file or stack (labels: [\"sidecert.reload=true\"]),"
                + " or set reload.targets to name it", result.unmatched().get(0).reason());
    }

    @Test
    void findsItsContainerIdInTheMountTable(@TempDir Path dir) throws Exception {
        Path inContainer = Files.writeString(dir.resolve("mountinfo"), String.join("\n",
                "612 590 0:140 / / rw,relatime master:264 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/X",
                "620 612 8:1 /var/lib/docker/containers/" + OWN_ID + "/resolv.conf /etc/resolv.conf rw - ext4 /dev/sda1 rw",
                "621 612 8:1 /var/lib/docker/containers/" + OWN_ID + "/hostname /etc/hostname rw - ext4 /dev/sda1 rw"));
        Path onHost = Files.writeString(dir.resolve("host-mountinfo"),
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");

        assertEquals(Optional.of(OWN_ID), OwnContainer.id(inContainer));
        assertEquals(Optional.empty(), OwnContainer.id(onHost));
        assertEquals(Optional.empty(), OwnContainer.id(dir.resolve("missing")));
    }

    private static List<String> selected(List<ProxyContainer> node, Optional<String> own) {
        return TargetSelection.select(List.of(DEFAULT), node, own).selected().stream()
                .map(s -> s.container().name()).toList();
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(labels);
        all.put(key, value);
        return all;
    }

    private static ProxyContainer container(String id, String name, Map<String, String> labels) {
        return new ProxyContainer(id, name, labels, "running", List.of("172.20.0.2"));
    }
}
