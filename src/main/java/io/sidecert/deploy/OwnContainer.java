package io.sidecert.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker container sidecert runs in, if any: Docker bind-mounts the container's own {@code hostname},
 * {@code hosts} and {@code resolv.conf} from {@code /var/lib/docker/containers/<id>/}, which shows in the mount
 * table whatever the host name was set to and on cgroup v1 and v2 alike.
 */
public final class OwnContainer {
    private static final Pattern CONTAINER_FILE = Pattern.compile("/containers/([0-9a-f]{64})/(?:hostname|hosts|resolv\\.conf)");

    private OwnContainer() {
    }

    /** This process's container id; empty on a host (the jar run directly, a systemd unit). */
    public static Optional<String> id() {
        return id(Path.of("/proc/self/mountinfo"));
    }

    static Optional<String> id(Path mountinfo) {
        try {
            Matcher found = CONTAINER_FILE.matcher(Files.readString(mountinfo));
            return found.find() ? Optional.of(found.group(1)) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();   // not Linux, or /proc hidden: no container of its own that we can tell
        }
    }
}
