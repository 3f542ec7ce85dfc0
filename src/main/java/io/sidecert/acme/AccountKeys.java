package io.sidecert.acme;

import io.sidecert.store.AtomicFile;
import io.sidecert.store.PrivateFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The ACME account key of each CA, kept in sidecert's private state directory (mode 0600), never on the
 * certificate volume the proxy reads. Created on first use and reused afterwards, like certbot's accounts/.
 * The file is standard PEM that openssl reads.
 */
public final class AccountKeys implements AccountKeyStore {
    private final Path accountsDir;

    public AccountKeys(Path stateDir) {
        this.accountsDir = stateDir.resolve("accounts");
    }

    /** The key for this CA; created and saved atomically the first time. */
    @Override
    public synchronized KeyPair loadOrCreate(URI directory) throws IOException {
        Path file = keyFile(directory);
        if (Files.exists(file)) {
            return read(file);
        }
        KeyPair key = newKey();
        PrivateFiles.directory(file.getParent());
        AtomicFile.write(file, pem(key).getBytes(StandardCharsets.US_ASCII), PrivateFiles.FILE);
        return key;
    }

    @Override
    public String describe(URI directory) {
        return keyFile(directory) + " (check that storage.state is a writable directory)";
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

    /** The JDK's generator: acme4j's KeyPairUtils would need Bouncy Castle registered as a JVM-wide provider. */
    public static KeyPair newKey() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JVM cannot generate an EC P-384 account key: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 and SPKI as they are: Bouncy Castle's JcaPEMWriter would rewrite EC keys without their curve. */
    public static String pem(KeyPair key) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getPrivate().getEncoded()));
            writer.writeObject(new PemObject("PUBLIC KEY", key.getPublic().getEncoded()));
        }
        return text.toString();
    }

    private static KeyPair read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    /** A key as {@link #pem} writes it; {@code source} names where it came from in an error. */
    public static KeyPair parse(String pem, String source) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        PrivateKey privateKey = null;
        PublicKey publicKey = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                } else if (block instanceof SubjectPublicKeyInfo info) {
                    publicKey = converter.getPublicKey(info);
                }
            }
        }
        if (privateKey == null || publicKey == null) {
            throw new IOException(source + " holds no complete account key (expected a PRIVATE KEY and a PUBLIC KEY"
                    + " block); restore it from a backup, or remove it to register a new account");
        }
        return new KeyPair(publicKey, privateKey);
    }
}
