package io.sidecert.acme;

import io.sidecert.store.AtomicFile;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The ACME account key of each CA, kept in sidecert's private state directory (mode 0600), never on the
 * certificate volume the proxy reads. Created on first use and reused afterwards, like certbot's accounts/.
 */
public final class AccountKeys {
    private final Path accountsDir;

    public AccountKeys(Path stateDir) {
        this.accountsDir = stateDir.resolve("accounts");
    }

    /** The key for this CA; created and saved atomically the first time. Callers serialise per CA. */
    public synchronized KeyPair loadOrCreate(URI directory) throws IOException {
        Path file = keyFile(directory);
        if (Files.exists(file)) {
            try (var reader = new StringReader(Files.readString(file, StandardCharsets.US_ASCII))) {
                return KeyPairUtils.readKeyPair(reader);
            }
        }
        KeyPair key = newKey();
        StringWriter pem = new StringWriter();
        KeyPairUtils.writeKeyPair(key, pem);
        Files.createDirectories(file.getParent());
        AtomicFile.write(file, pem.toString().getBytes(StandardCharsets.US_ASCII),
                PosixFilePermissions.fromString("rw-------"));
        return key;
    }

    /** The JDK's generator: acme4j's KeyPairUtils would need Bouncy Castle registered as a JVM-wide provider. */
    private static KeyPair newKey() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM cannot generate an EC P-384 account key: " + e.getMessage(), e);
        }
    }

    public Path keyFile(URI directory) {
        return accountsDir.resolve(slug(directory)).resolve("account-key.pem");
    }

    /** A readable directory name per CA, as certbot does with accounts/&lt;host&gt;/directory. */
    static String slug(URI directory) {
        String raw = directory.getHost() + (directory.getPort() > 0 ? "_" + directory.getPort() : "")
                + directory.getPath();
        return raw.replaceAll("[^A-Za-z0-9.-]+", "_").replaceAll("_+$", "");
    }
}
