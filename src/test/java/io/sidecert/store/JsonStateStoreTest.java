package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.store.CertificateState.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonStateStoreTest {
    private static final String NAME = "shop.example";

    @TempDir
    Path state;

    @Test
    void everyFieldSurvivesARestart() throws StoreException {
        CertificateState saved = new CertificateState(NAME,
                Optional.of(Instant.parse("2025-03-01T10:15:30.123456789Z")),
                Optional.of(Outcome.FAILED),
                Optional.of("[shop.example] http-01: 404 from the CA: check the webroot"),
                3,
                Optional.of(Instant.parse("2025-01-01T00:00:00Z")),
                Optional.of(Instant.parse("2025-03-01T11:00:00Z")),
                Optional.of(Instant.parse("2025-03-01T12:00:00Z")),
                Optional.of("0123456789abcdef"),
                Optional.of(new RenewalWindow(
                        Instant.parse("2025-03-20T00:00:00Z"), Instant.parse("2025-03-22T00:00:00Z"))),
                Optional.of(Instant.parse("2025-03-01T16:00:00Z")),
                Optional.of(Instant.parse("2025-03-21T07:42:00Z")),
                Optional.of(new java.math.BigInteger("123456789abcdef", 16)));

        new JsonStateStore(state).save(saved);

        assertEquals(saved, new JsonStateStore(state).load(NAME));
    }

    @Test
    void absentValuesSurviveARestartAsEmpty() throws StoreException {
        CertificateState saved = CertificateState.initial(NAME);

        new JsonStateStore(state).save(saved);

        assertEquals(saved, new JsonStateStore(state).load(NAME));
    }

    @Test
    void writesReadableJsonWithIsoInstantsInAPrivateFile() throws Exception {
        CertificateState saved = new CertificateState(NAME, Optional.of(Instant.parse("2025-03-01T10:15:30Z")),
                Optional.of(Outcome.RENEWED), Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        new JsonStateStore(state).save(saved);

        Path file = state.resolve("certificates").resolve(NAME + ".json");
        String json = Files.readString(file);
        assertTrue(json.contains("\"2025-03-01T10:15:30Z\""), json);
        assertTrue(json.contains("\"RENEWED\""), json);
        assertFalse(json.contains("lastError"), json);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void missingFileIsTheInitialState() throws StoreException {
        assertEquals(CertificateState.initial(NAME), new JsonStateStore(state).load(NAME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{ not json", "", "null", "[]", "{\"name\":\"shop.example\",\"consecutiveFailures\":-1}",
            "{\"name\":\"other.example\"}", "{\"name\":\"shop.example\",\"lastAttempt\":\"yesterday\"}"})
    void corruptFileIsTheInitialState(String content) throws Exception {
        Path file = Files.createDirectories(state.resolve("certificates")).resolve(NAME + ".json");
        Files.writeString(file, content);

        assertEquals(CertificateState.initial(NAME), new JsonStateStore(state).load(NAME));
    }

    @Test
    void fieldsFromANewerVersionAreIgnored() throws Exception {
        Path file = Files.createDirectories(state.resolve("certificates")).resolve(NAME + ".json");
        Files.writeString(file, "{\"name\":\"shop.example\",\"consecutiveFailures\":2,\"profile\":\"shortlived\"}");

        assertEquals(2, new JsonStateStore(state).load(NAME).consecutiveFailures());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/b", ".."})
    void unsafeNamesAreRefused(String name) {
        JsonStateStore store = new JsonStateStore(state);

        assertThrows(StoreException.class, () -> store.load(name));
        assertThrows(StoreException.class, () -> store.save(CertificateState.initial(name)));
    }
}
