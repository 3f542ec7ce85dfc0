package io.sidecert.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture is a PostgreSQL that sidecert's JDBC code can use from this host and that survives a restart
 * with its URL and data, which is what the database-outage tests of cluster mode rest on. One server for
 * the class: a start costs about 3 s.
 */
@Tag("container")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresServerTest {
    private PostgresServer db;

    @BeforeAll
    void startServer() {
        db = PostgresServer.start();
    }

    @AfterAll
    void removeServer() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void keepsItsJdbcUrlAndDataAcrossARestart() throws SQLException {
        String url = db.jdbcUrl();
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
            connection.createStatement().execute("create table kept (note text not null)");
            try (PreparedStatement insert = connection.prepareStatement("insert into kept values (?)")) {
                insert.setString(1, "written before the restart");
                insert.executeUpdate();
            }
        }

        db.restart();

        assertEquals(url, db.jdbcUrl());
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
                ResultSet rows = connection.createStatement().executeQuery("select note from kept")) {
            assertTrue(rows.next(), "the row is gone after the restart:\n" + db.logs());
            assertEquals("written before the restart", rows.getString(1));
        }
    }

    @Test
    void psqlRunsAsTheSidecertUserOnItsDatabase() {
        assertEquals("sidecert|sidecert", db.psql("select current_user, current_database()"));
    }

    @Test
    void psqlFailureCarriesPostgresErrorMessage() {
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> db.psql("select * from no_such_table"));

        assertTrue(failure.getMessage().contains("relation \"no_such_table\" does not exist"), failure.getMessage());
    }

    @Test
    void networkUrlNamesTheAliasAndThePortInsideTheNetwork() {
        assertEquals("jdbc:postgresql://postgres:5432/sidecert", db.networkJdbcUrl());
    }
}
