package io.sidecert.deploy;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import io.sidecert.config.DockerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLException;

/**
 * Turns what docker-java throws into messages that say what to fix. The common cases in a sidecar set-up are
 * the socket not mounted (Docker then creates an empty directory in its place), mounted without the group that
 * may use it, and a socket proxy that refuses the endpoints sidecert needs.
 */
final class DockerErrors {
    private final DockerSettings settings;

    DockerErrors(DockerSettings settings) {
        this.settings = settings;
    }

    /** For calls that concern no container: everything is about reaching the engine. */
    DockerUnreachable unreachable(RuntimeException e) {
        if (e instanceof DockerException api) {
            return new DockerUnreachable("Docker at " + settings.host() + " refused to list containers (HTTP "
                    + api.getHttpStatus() + ": " + firstLine(api) + ")" + refusalFix(api), e);
        }
        return new DockerUnreachable(connectionProblem(e), e);
    }

    /**
     * For calls about one container: the API answering with an error is that container's problem (returned);
     * not getting an answer is the engine's (thrown).
     */
    TargetFailure failure(RuntimeException e, ProxyContainer container, String what) throws DockerUnreachable {
        if (e instanceof NotFoundException) {
            return new TargetFailure("cannot " + what + ": the container is gone; it was probably recreated, and a "
                    + "new one loads the current certificates when it starts", e);
        }
        if (e instanceof ConflictException) {
            return new TargetFailure("cannot " + what + ": " + firstLine(e) + " (state " + container.state()
                    + "); start or unpause it, it then loads the current certificates", e);
        }
        if (e instanceof DockerException api) {
            return new TargetFailure("cannot " + what + ": Docker answered HTTP " + api.getHttpStatus() + ": "
                    + firstLine(e) + refusalFix(api), e);
        }
        throw new DockerUnreachable(connectionProblem(e), e);
    }

    private String connectionProblem(RuntimeException e) {
        String host = settings.host().toString();
        String cause = rootMessage(e);
        if (settings.host().getScheme().equals("unix")) {
            return socketProblem(Path.of(settings.host().getPath()), cause);
        }
        if (hasCause(e, SSLException.class)) {
            return "cannot reach Docker at " + host + ": TLS failed (" + cause + "); check docker.tls-verify and that "
                    + "docker.cert-path holds the CA and client certificate the engine expects";
        }
        return "cannot reach Docker at " + host + " (" + cause + "); check that the engine runs and listens there, "
                + "or set reload.targets = [] if no proxy needs telling";
    }

    private static String socketProblem(Path socket, String cause) {
        String setup = "mount the socket into sidecert's container (-v /var/run/docker.sock:/var/run/docker.sock)";
        if (!Files.exists(socket)) {
            return "cannot reach Docker: " + socket + " does not exist; " + setup + ", set docker.host, or set "
                    + "reload.targets = [] if no proxy needs telling";
        }
        if (Files.isDirectory(socket)) {
            return "cannot reach Docker: " + socket + " is a directory, not a socket (Docker creates one when the "
                    + "mounted path did not exist on the host); " + setup + " from the host's real socket";
        }
        if (!Files.isWritable(socket) || cause.contains("Permission denied") || cause.contains("Access denied")) {
            return "cannot reach Docker: permission denied on " + socket + "; run sidecert with the socket's group "
                    + "(compose: group_add: [\"<gid>\"], the gid from `stat -c %g " + socket + "` on the host)";
        }
        return "cannot reach Docker at unix://" + socket + " (" + cause + "); check that the Docker engine runs "
                + "and that the socket mounted into sidecert is the host's";
    }

    private static String refusalFix(DockerException e) {
        if (e instanceof UnauthorizedException || e.getHttpStatus() == 403) {
            return "; if a socket proxy guards Docker, allow it CONTAINERS, EXEC and POST requests";
        }
        return "";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
