package io.sidecert.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Seals private keys before they go into the database: AES-256-GCM under a key derived (HKDF-SHA256) from the
 * content of {@code cluster.secret-file}, which every node has and the database never sees. A sealed value is
 * bound to what it belongs to (the associated data, e.g. the certificate's name and serial), so a row copied onto
 * another certificate does not open.
 *
 * <p>Layout: one version byte, the 12-byte nonce, the ciphertext with its 16-byte tag.
 */
public final class SecretBox {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] INFO = "sidecert private keys v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final SecureRandom random;

    SecretBox(byte[] secret, SecureRandom random) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, INFO));
        byte[] derived = new byte[32];
        hkdf.generateBytes(derived, 0, derived.length);
        this.key = new SecretKeySpec(derived, "AES");
        this.random = random;
    }

    /** The box for the secret in {@code file}, trimmed as Docker secrets usually end with a newline. */
    public static SecretBox fromFile(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        return new SecretBox(secret.getBytes(StandardCharsets.UTF_8), new SecureRandom());
    }

    public byte[] seal(byte[] plain, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, boundTo).doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JVM", e);
        }
    }

    /**
     * @throws IOException when the value was sealed under another secret, belongs to something else or was altered
     */
    public byte[] open(byte[] sealed, String boundTo) throws IOException {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IOException("not a value sealed by this sidecert version");
        }
        ByteBuffer in = ByteBuffer.wrap(sealed);
        in.get();
        byte[] nonce = new byte[NONCE_BYTES];
        in.get(nonce);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        try {
            return cipher(Cipher.DECRYPT_MODE, nonce, boundTo).doFinal(body);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IOException("it does not open with cluster.secret-file: the file differs from the one of the"
                    + " node that stored it, or the value was altered", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt: " + e.getMessage(), e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String boundTo) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
