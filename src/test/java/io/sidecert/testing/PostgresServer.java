package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real PostgreSQL 15 in Docker, for cluster mode (Quartz's JDBC job store and the shared state), with a database
 * {@code sidecert} owned by the role {@code sidecert} (password {@code sidecert}).
 *
 * <pre>{@code
 * try (PostgresServer db = PostgresServer.start()) {
 *     Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
 *     db.restart();   // the same container, stopped and started: same URL, same data
 * }
 * }</pre>
 *
 * <p>Why not Testcontainers' {@code PostgreSQLContainer}: our image is Debian's package with a cluster made at
 * build time, which ignores the official image's {@code POSTGRES_*} variables and logs "ready to accept
 * connections" once where that class waits for two. Why not Testcontainers' random port: a test of a database
 * outage must stop and start the server and then find it at the same URL, so the host port is fixed on
 * {@code 127.0.0.1} when the fixture is made, and {@link #stop()} / {@link #boot()} stop and start the same
 * container through the Docker client (Testcontainers' own {@code stop()} removes it).
 *
 * <p>Two steps, for a test that must know the URL before the server is up (e.g. sidecert starting before its
 * database): {@link #create()} picks the port and makes no container; {@link #boot()} starts it. The port is
 * free when picked but not held until then (Docker must bind it), so boot soon after. The instance verb is
 * {@code boot}, not {@code start}, because Java allows no instance {@code start()} beside the static
 * {@link #start()}.
 *
 * <p>On its network the server is reachable as {@code <alias>:5432} ({@link #networkJdbcUrl()}), for sidecert
 * running in a container. Tests that use it are tagged {@code @Tag("container")}.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String DATABASE = "sidecert";
    private static final String USER = "sidecert";
    private static final String PASSWORD = "sidecert";
    private static final int PORT = 5432;
    private static final String DEFAULT_ALIAS = "postgres";
    private static final String SUPERUSER_PASSWORD = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final GenericContainer<?> container;
    private final Network network;
    private final boolean ownsNetwork;
    private final String alias;
    private final int hostPort;

    private PostgresServer(GenericContainer<?> container, Network network, boolean ownsNetwork, String alias,
            int hostPort) {
        this.container = container;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.alias = alias;
        this.hostPort = hostPort;
    }

    /** A started server on a network of its own, as {@code postgres}; about 3 s once the image is built. */
    public static PostgresServer start() {
        return booted(create());
    }

    /** A started server on {@code network} as {@code alias}; the network stays the caller's. */
    public static PostgresServer start(Network network, String alias) {
        return booted(create(network, alias));
    }

    /** A server not started yet, on a network of its own: its {@link #jdbcUrl()} is known, {@link #boot()} starts it. */
    public static PostgresServer create() {
        return create(Network.newNetwork(), true, DEFAULT_ALIAS);
    }

    /** A server not started yet, on {@code network} as {@code alias}; {@link #boot()} starts it. */
    public static PostgresServer create(Network network, String alias) {
        return create(requireNonNull(network, "network"), false, requireNonNull(alias, "alias"));
    }

    private static PostgresServer create(Network network, boolean ownsNetwork, String alias) {
        int hostPort = freeLoopbackPort();
        ExposedPort exposed = ExposedPort.tcp(PORT);
        GenericContainer<?> container = new GenericContainer<>(LocalImages.postgresql())
                .withImagePullPolicy(name -> false)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withCreateContainerCmdModifier(cmd -> cmd.withExposedPorts(exposed).getHostConfig()
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort), exposed)))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 1)
                        .withStartupTimeout(STARTUP_TIMEOUT));
        return new PostgresServer(container, network, ownsNetwork, alias, hostPort);
    }

    private static PostgresServer booted(PostgresServer server) {
        try {
            server.boot();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Starts the server and returns once it answers. The first time, this creates the container and the
     * {@code sidecert} role and database; after {@link #stop()}, it starts the same container again. Does nothing
     * more than wait when the server runs.
     *
     * @throws IllegalStateException when PostgreSQL does not come up; the message holds its log
     */
    public void boot() {
        if (container.getContainerId() == null) {
            startFirstTime();
        } else {
            try {
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
            } catch (NotModifiedException alreadyRunning) {
                // Already running: waiting for it is all that is left.
            }
            awaitAnswer();
        }
    }

    /** Stops the container as {@code docker stop} does (PostgreSQL's fast shutdown), keeping it and its data. */
    public void stop() {
        if (container.getContainerId() == null) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:" + hostPort + " was never booted");
        }
        try {
            container.getDockerClient().stopContainerCmd(container.getContainerId())
                    .withTimeout((int) STOP_TIMEOUT.toSeconds()).exec();
        } catch (NotModifiedException alreadyStopped) {
            // Stopping a stopped server is done.
        }
    }

    /** {@link #stop()} then {@link #boot()}: clients lose their connections, the URL and the data stay. */
    public void restart() {
        stop();
        boot();
    }

    /** The locally built image, e.g. for a stack's database service (it honours POSTGRES_USER and friends). */
    public static String image() {
        return LocalImages.postgresql().asCanonicalNameString();
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/sidecert}, from this host; the same across restarts. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + hostPort + "/" + DATABASE;
    }

    /** {@code jdbc:postgresql://<alias>:5432/sidecert}, from a container on the server's network. */
    public String networkJdbcUrl() {
        return "jdbc:postgresql://" + alias + ":" + PORT + "/" + DATABASE;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /**
     * Runs {@code sql} with {@code psql -At} (unaligned, tuples only) as {@code sidecert} on database
     * {@code sidecert} inside the container: a way to look at the database that does not go through the JDBC code under test.
     *
     * @return psql's output without its final newline, e.g. {@code sidecert} for {@code select current_user}
     * @throws IllegalStateException when psql fails; the message holds its error output
     */
    public String psql(String sql) {
        return psql(USER, PASSWORD, DATABASE, List.of(requireNonNull(sql, "sql")));
    }

    /** PostgreSQL's log, across restarts: every start, shutdown and failed statement. */
    public String logs() {
        return container.getLogs();
    }

    /** Removes the container and, when it is the server's own, the network. */
    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            System.err.println("[PostgresServer] cannot remove container " + container.getContainerId()
                    + ": " + e + "; remove it with docker rm -f");
        }
        try {
            if (ownsNetwork) {
                network.close();
            }
        } catch (RuntimeException e) {
            System.err.println("[PostgresServer] cannot remove network: " + e);
        }
    }

    private void startFirstTime() {
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + hostPort + ": "
                    + e.getMessage() + "\n" + logsOrWhyNot(), e);
        }
        psql("postgres", SUPERUSER_PASSWORD, "postgres", List.of(
                "create role " + USER + " login password '" + PASSWORD + "'",
                "create database " + DATABASE + " owner " + USER));
    }

    private void awaitAnswer() {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (true) {
            try {
                psql("select 1");
                return;
            } catch (IllegalStateException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("PostgreSQL did not answer within " + STARTUP_TIMEOUT
                            + " of its start: " + notYet.getMessage() + "\n" + logsOrWhyNot(), notYet);
                }
            }
            sleep(POLL_INTERVAL);
        }
    }

    private String psql(String user, String password, String database, List<String> statements) {
        List<String> command = new ArrayList<>(List.of("env", "PGPASSWORD=" + password, "psql", "-X", "-At",
                "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U", user, "-d", database));
        statements.forEach(statement -> command.addAll(List.of("-c", statement)));
        ExecResult result;
        try {
            result = container.execInContainer(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run psql in " + container.getContainerId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while psql ran", e);
        } catch (RuntimeException e) {
            // Docker refuses an exec in a stopped container.
            throw new IllegalStateException("cannot run psql as " + user + ": " + e.getMessage(), e);
        }
        if (result.getExitCode() != 0) {
            throw new IllegalStateException("psql as " + user + " on " + database + " failed (exit "
                    + result.getExitCode() + ") for " + statements + ": " + result.getStderr().strip());
        }
        String out = result.getStdout();
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    private String logsOrWhyNot() {
        try {
            return container.getLogs();
        } catch (RuntimeException unavailable) {
            return "(log unavailable: " + unavailable + ")";
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1 for PostgreSQL", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
