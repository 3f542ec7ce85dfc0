package io.sidecert.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountKeysTest {
    private static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");

    @TempDir
    Path state;

    @Test
    void createsTheKeyOnceAndReadsTheSameKeyBackAfterARestart() throws Exception {
        KeyPair created = new AccountKeys(state).loadOrCreate(LETS_ENCRYPT);
        KeyPair reloaded = new AccountKeys(state).loadOrCreate(LETS_ENCRYPT);

        assertEquals(created.getPublic(), reloaded.getPublic());
        assertEquals(created.getPrivate(), reloaded.getPrivate());
    }

    @Test
    void keepsTheKeyPrivateAndApartPerCa() throws Exception {
        AccountKeys keys = new AccountKeys(state);
        KeyPair production = keys.loadOrCreate(LETS_ENCRYPT);
        KeyPair staging = keys.loadOrCreate(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"));

        assertNotEquals(production.getPublic(), staging.getPublic());
        Path file = state.resolve("accounts/acme-v02.api.letsencrypt.org_directory/account-key.pem");
        assertEquals(file, keys.keyFile(LETS_ENCRYPT));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aDamagedKeyFileIsAnErrorThatSaysWhatToDo() throws Exception {
        AccountKeys keys = new AccountKeys(state);
        Files.createDirectories(keys.keyFile(LETS_ENCRYPT).getParent());
        Files.writeString(keys.keyFile(LETS_ENCRYPT), "not a key\n");

        IOException e = assertThrows(IOException.class, () -> keys.loadOrCreate(LETS_ENCRYPT));

        assertTrue(e.getMessage().contains("restore it from a backup"), e.getMessage());
    }
}
