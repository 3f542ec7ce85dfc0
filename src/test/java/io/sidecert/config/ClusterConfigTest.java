package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster section: off by default, read with its secrets from files, set from the environment as in a stack. */
class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void offUnlessAJdbcUrlIsSet() throws Exception {
        assertTrue(load("", Map.of()).cluster().isEmpty());
    }

    @Test
    void readsThePasswordFromItsFileAndKeepsItOutOfToString() throws Exception {
        Files.writeString(dir.resolve("db"), "s3cret-Db\n");
        Files.writeString(dir.resolve("keys"), "a key-encryption secret of 32 bytes\n");

        ClusterSettings cluster = load("""
                cluster { jdbc-url = "jdbc:postgresql://db:5432/sidecert", password-file = db, secret-file = keys,
                          node-id = node-1 }
                """, Map.of()).cluster().orElseThrow();

        assertEquals("s3cret-Db", cluster.password());
        assertEquals(dir.resolve("keys"), cluster.secretFile());
        assertEquals("node-1", cluster.nodeId());
        assertEquals("sidecert", cluster.user());
        assertEquals(Duration.ofSeconds(5), cluster.checkInInterval());
        assertEquals(Duration.ofMinutes(1), cluster.catchUpInterval());
        assertFalse(cluster.toString().contains("s3cret"), cluster.toString());
    }

    @Test
    void theEnvironmentTurnsItOnAsTheStackDoesAndTheHostNameIsTheDefaultNodeId() throws Exception {
        Files.writeString(dir.resolve("db"), "pw");
        Files.writeString(dir.resolve("keys"), "a key-encryption secret of 32 bytes");

        ClusterSettings cluster = load("", Map.of(
                "SIDECERT_CLUSTER_JDBC__URL", "jdbc:postgresql://db/sidecert",
                "SIDECERT_CLUSTER_PASSWORD__FILE", dir.resolve("db").toString(),
                "SIDECERT_CLUSTER_SECRET__FILE", dir.resolve("keys").toString())).cluster().orElseThrow();

        assertEquals("jdbc:postgresql://db/sidecert", cluster.jdbcUrl());
        assertEquals(java.net.InetAddress.getLocalHost().getHostName(), cluster.nodeId());
    }

    private SidecertConfig load(String hocon, Map<String, String> environment) throws Exception {
        Files.writeString(dir.resolve("sidecert.conf"), hocon);
        return new ConfigLoader(environment).load(dir.resolve("sidecert.conf"));
    }
}
