package io.sidecert.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seal on private keys in the cluster's database. */
class SecretBoxTest {
    private static final byte[] KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final SecretBox box = new SecretBox("one secret of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8),
            new SecureRandom());

    @Test
    void opensWhatItSealedForTheSameOwner() throws IOException {
        assertArrayEquals(KEY, box.open(box.seal(KEY, "certificate shop 1a"), "certificate shop 1a"));
    }

    @Test
    void theSealedValueShowsNothingOfTheKey() {
        byte[] sealed = box.seal(KEY, "certificate shop 1a");
        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("PRIVATE KEY"));
        assertFalse(text.contains("MIGHAgEA"));
        assertNotEquals(Arrays.toString(sealed), Arrays.toString(box.seal(KEY, "certificate shop 1a")),
                "a fresh nonce for every seal");
    }

    @Test
    void anotherSecretDoesNotOpenIt() {
        byte[] sealed = box.seal(KEY, "certificate shop 1a");
        SecretBox other = new SecretBox("another secret of at least 32 bytes".getBytes(StandardCharsets.UTF_8),
                new SecureRandom());
        IOException e = assertThrows(IOException.class, () -> other.open(sealed, "certificate shop 1a"));
        assertTrue(e.getMessage().contains("cluster.secret-file"), e.getMessage());
    }

    @Test
    void aValueMovedToAnotherCertificateOrAlteredDoesNotOpen() {
        byte[] sealed = box.seal(KEY, "certificate shop 1a");
        assertThrows(IOException.class, () -> box.open(sealed, "certificate blog 1a"));
        sealed[sealed.length - 1] ^= 1;
        assertThrows(IOException.class, () -> box.open(sealed, "certificate shop 1a"));
        assertThrows(IOException.class, () -> box.open(new byte[3], "certificate shop 1a"));
    }

    @Test
    void aSecretFileEndingWithANewlineGivesTheSameKey(@TempDir Path dir) throws IOException {
        Path withNewline = Files.writeString(dir.resolve("a"), "one secret of at least 32 bytes!!\n");
        assertArrayEquals(KEY, SecretBox.fromFile(withNewline).open(box.seal(KEY, "x"), "x"));
    }
}
