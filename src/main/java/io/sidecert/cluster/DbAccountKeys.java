package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AccountKeyStore;
import io.sidecert.acme.AccountKeys;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's ACME account keys, one per CA, sealed in the database: every node orders under the same account,
 * so the CA's per-account limits and ARI see one client. The first node to need a key creates it; a node racing it
 * keeps the one that landed.
 */
public final class DbAccountKeys implements AccountKeyStore {
    private final Database database;
    private final SecretBox secrets;
    private final Map<URI, KeyPair> known = new ConcurrentHashMap<>();

    public DbAccountKeys(Database database, SecretBox secrets) {
        this.database = requireNonNull(database, "database");
        this.secrets = requireNonNull(secrets, "secrets");
    }

    @Override
    public KeyPair loadOrCreate(URI directory) throws IOException {
        KeyPair cached = known.get(directory);
        if (cached != null) {
            return cached;
        }
        try {
            Optional<KeyPair> stored = load(directory);
            if (stored.isEmpty()) {
                insertIfAbsent(directory, AccountKeys.newKey());
                stored = load(directory);
            }
            KeyPair key = stored.orElseThrow(() -> new IOException("the account key vanished right after it was stored"));
            known.put(directory, key);
            return key;
        } catch (SQLException e) {
            throw new IOException("the database is unreachable (" + e.getMessage() + ")", e);
        }
    }

    /** Imports a key, e.g. a single node's, unless the database has one for that CA already; true if it was taken. */
    public boolean importKey(URI directory, KeyPair key) throws IOException, SQLException {
        return insertIfAbsent(directory, key);
    }

    @Override
    public String describe(URI directory) {
        return "of " + directory + " in the database";
    }

    private Optional<KeyPair> load(URI directory) throws SQLException, IOException {
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT key_sealed FROM sidecert_account_key WHERE directory = ?")) {
            query.setString(1, directory.toString());
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] pem = secrets.open(row.getBytes(1), boundTo(directory));
                return Optional.of(AccountKeys.parse(new String(pem, StandardCharsets.US_ASCII),
                        "the database's account key for " + directory));
            }
        }
    }

    private boolean insertIfAbsent(URI directory, KeyPair key) throws SQLException, IOException {
        byte[] sealed = secrets.seal(AccountKeys.pem(key).getBytes(StandardCharsets.US_ASCII), boundTo(directory));
        try (Connection c = database.connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO sidecert_account_key (directory, key_sealed)"
                        + " VALUES (?, ?) ON CONFLICT (directory) DO NOTHING")) {
            insert.setString(1, directory.toString());
            insert.setBytes(2, sealed);
            return insert.executeUpdate() == 1;
        }
    }

    private static String boundTo(URI directory) {
        return "account " + directory;
    }
}
