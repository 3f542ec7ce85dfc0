package io.sidecert.deploy;

import java.time.Duration;
import java.util.List;

/**
 * What reloading needs from a container engine. sidecert's own seam in front of docker-java: {@link DockerEngine}
 * is the real one, tests of the reload logic may use a fake.
 */
public interface ContainerEngine extends AutoCloseable {

    /** Every container on this node, running or not. */
    List<ProxyContainer> containers() throws DockerUnreachable, InterruptedException;

    /** Runs {@code command} inside the container and waits for it, at most {@code timeout}. */
    CommandResult exec(ProxyContainer container, List<String> command, Duration timeout)
            throws DockerUnreachable, TargetFailure, InterruptedException;

    /** Sends {@code signal} (a name without {@code SIG}, or a number) to the container's main process. */
    void signal(ProxyContainer container, String signal) throws DockerUnreachable, TargetFailure;

    /** Where the engine is, for messages, e.g. {@code unix:///var/run/docker.sock}. */
    String address();

    /** Releases connections; never throws. */
    @Override
    void close();
}
