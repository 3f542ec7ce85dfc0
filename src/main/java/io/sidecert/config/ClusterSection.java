package io.sidecert.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the {@code cluster} section. Absent {@code jdbc-url} means a single node with its files, the default; with
 * it, the password and the key-encryption secret must come from files (Docker secrets), never from the config.
 */
final class ClusterSection {
    private static final String URL = "cluster.jdbc-url";
    private static final String USER = "cluster.user";
    private static final String PASSWORD_FILE = "cluster.password-file";
    private static final String SECRET_FILE = "cluster.secret-file";
    private static final String NODE_ID = "cluster.node-id";
    /** Below this, the secret is guessable; 32 bytes from a random source is what the README asks for. */
    private static final int MIN_SECRET_BYTES = 16;

    private final ValueReader reader;
    private final LocalFiles files;

    ClusterSection(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    Optional<ClusterSettings> read() {
        Optional<String> url = reader.string(URL, "jdbc-url = \"jdbc:postgresql://db:5432/sidecert\"");
        Optional<Duration> checkIn = reader.requiredDuration("cluster.check-in-interval", "check-in-interval = 5s")
                .flatMap(d -> reader.check("cluster.check-in-interval", between(d, Duration.ofSeconds(1),
                        Duration.ofMinutes(5), "check-in-interval = 5s")));
        Optional<Duration> catchUp = reader.requiredDuration("cluster.catch-up-interval", "catch-up-interval = 1m")
                .flatMap(d -> reader.check("cluster.catch-up-interval", between(d, Duration.ofSeconds(1),
                        Duration.ofHours(1), "catch-up-interval = 1m")));
        if (url.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> checkedUrl = reader.check(URL, postgresUrl(url.get()));
        Optional<String> user = reader.requiredString(USER, "user = sidecert");
        Optional<String> password = required(PASSWORD_FILE, "password-file = \"/run/secrets/sidecert-db\"",
                "the database password")
                .flatMap(file -> reader.check(PASSWORD_FILE, files.readSecret(file)));
        Optional<Path> secret = required(SECRET_FILE, "secret-file = \"/run/secrets/sidecert-keys\"",
                "the secret that encrypts private keys in the database")
                .flatMap(file -> reader.check(SECRET_FILE, files.readSecret(file)).flatMap(text -> reader.check(
                        SECRET_FILE, longEnough(file, text))));
        Optional<String> nodeId = reader.string(NODE_ID, "node-id = \"node-1\"").or(ClusterSection::hostName);
        if (nodeId.isEmpty()) {
            reader.report(NODE_ID, "no node id is set and the host name cannot be read",
                    "set cluster.node-id to a name unique to this node, e.g. node-id = ${?HOSTNAME}");
        }
        if (checkedUrl.isEmpty() || user.isEmpty() || password.isEmpty() || secret.isEmpty() || nodeId.isEmpty()
                || checkIn.isEmpty() || catchUp.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClusterSettings(checkedUrl.get(), user.get(), password.get(), secret.get(),
                nodeId.get(), checkIn.get(), catchUp.get()));
    }

    private Optional<Path> required(String key, String example, String what) {
        Optional<Path> file = reader.path(key, example);
        if (file.isEmpty() && reader.value(key).isEmpty()) {
            reader.report(key, "cluster mode needs " + what + " from a file, and none is set",
                    "set " + example + " (a Docker secret, or a file readable only by sidecert)");
        }
        return file;
    }

    static Checked<String> postgresUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            return Checked.invalid("\"" + url + "\" is not a PostgreSQL JDBC URL",
                    "write it like jdbc-url = \"jdbc:postgresql://db:5432/sidecert\"; only PostgreSQL is supported");
        }
        return Checked.valid(url);
    }

    private static Checked<Path> longEnough(Path file, String secret) {
        if (secret.length() < MIN_SECRET_BYTES) {
            return Checked.invalid("file " + file + " holds only " + secret.length() + " characters, too short a"
                    + " secret to encrypt private keys under", "fill it with at least 32 random bytes, e.g. openssl"
                    + " rand -base64 32 > " + file.getFileName());
        }
        return Checked.valid(file);
    }

    private static Checked<Duration> between(Duration value, Duration min, Duration max, String example) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            return Checked.invalid(value.toSeconds() + " s is out of range; expected " + min.toSeconds() + " s to "
                    + max.toSeconds() + " s", "write it like " + example);
        }
        return Checked.valid(value);
    }

    private static Optional<String> hostName() {
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
