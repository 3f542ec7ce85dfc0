package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.store.CertificateFacts;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.store.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate versions in the database, the cluster's record of what was issued. Each node's files follow it;
 * a node that stored a version while the database was away adds it later (the last issued one is current).
 * Inserting a version notifies every node at once ({@value #CHANNEL}).
 */
public final class SharedVersions {
    static final String CHANNEL = "sidecert_versions";

    private final Database database;
    private final SecretBox secrets;
    private final String nodeId;

    public SharedVersions(Database database, SecretBox secrets, String nodeId) {
        this.database = requireNonNull(database, "database");
        this.secrets = requireNonNull(secrets, "secrets");
        this.nodeId = requireNonNull(nodeId, "nodeId");
    }

    /** What the database's current version of a certificate is, without its key: cheap enough for every look. */
    public record Head(String name, BigInteger serial, Instant notBefore) {
    }

    /** Adds a version unless the database has it already; the key is sealed first. */
    public void add(String name, CertificateMaterial material) throws SQLException {
        CertificateFacts facts = material.facts();
        byte[] key = Pem.privateKey(material.keyPair().getPrivate()).getBytes(StandardCharsets.US_ASCII);
        try (Connection c = database.connection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO sidecert_certificate_version"
                        + " (name, serial, not_before, not_after, chain_pem, key_sealed, stored_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, serial) DO NOTHING");
                PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            c.setAutoCommit(false);
            insert.setString(1, name);
            insert.setString(2, facts.serial().toString(16));
            insert.setTimestamp(3, Timestamp.from(facts.notBefore()));
            insert.setTimestamp(4, Timestamp.from(facts.notAfter()));
            insert.setString(5, Pem.certificates(material.chain()));
            insert.setBytes(6, secrets.seal(key, boundTo(name, facts.serial())));
            insert.setString(7, nodeId);
            insert.executeUpdate();
            notify.setString(1, CHANNEL);
            notify.setString(2, name);
            notify.execute();   // delivered with the commit, never for a version rolled back
            c.commit();
        }
    }

    /** The current version of each certificate that has one, in one query. */
    public Map<String, Head> heads() throws SQLException {
        Map<String, Head> heads = new HashMap<>();
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement("SELECT DISTINCT ON (name) name, serial, not_before"
                        + " FROM sidecert_certificate_version ORDER BY name, not_before DESC, id DESC");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                Head head = head(rows);
                heads.put(head.name(), head);
            }
        }
        return heads;
    }

    /** Forgets every version of {@code name}: the certificate was deleted, and no node must bring it back. */
    public void forget(String name) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM sidecert_certificate_version WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }

    public Optional<Head> head(String name) throws SQLException {
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement("SELECT name, serial, not_before"
                        + " FROM sidecert_certificate_version WHERE name = ? ORDER BY not_before DESC, id DESC LIMIT 1")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(head(rows)) : Optional.empty();
            }
        }
    }

    /**
     * The version with its key, opened with this node's secret.
     *
     * @throws IOException when the key does not open (another {@code secret-file}) or does not fit the certificate
     */
    public Optional<CertificateMaterial> material(String name, BigInteger serial) throws SQLException, IOException {
        try (Connection c = database.connection();
                PreparedStatement query = c.prepareStatement("SELECT chain_pem, key_sealed"
                        + " FROM sidecert_certificate_version WHERE name = ? AND serial = ?")) {
            query.setString(1, name);
            query.setString(2, serial.toString(16));
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                List<X509Certificate> chain = Pem.readCertificates(rows.getString(1));
                String key = new String(secrets.open(rows.getBytes(2), boundTo(name, serial)), StandardCharsets.US_ASCII);
                try {
                    return Optional.of(new CertificateMaterial(chain, Pem.keyPair(Pem.readPrivateKey(key), chain.get(0))));
                } catch (InvalidKeyException e) {
                    throw new IOException("the stored key does not belong to the stored certificate", e);
                }
            }
        }
    }

    private static Head head(ResultSet row) throws SQLException {
        return new Head(row.getString(1), new BigInteger(row.getString(2), 16), row.getTimestamp(3).toInstant());
    }

    /** A sealed key opens only as the key of this very certificate version. */
    private static String boundTo(String name, BigInteger serial) {
        return "certificate " + name + " " + serial.toString(16);
    }
}
