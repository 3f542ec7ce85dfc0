package io.sidecert.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Reads what {@code live/<name>} shows, in sidecert's layout or certbot's. */
final class LiveCertificateReader {
    private static final String STEP = "read live certificate";

    private LiveCertificateReader() {}

    static Optional<StoredCertificate> read(Lineage lineage) throws StoreException {
        if (!Files.exists(lineage.live(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // Resolving the link once takes every file from one version directory, even if a save swaps it meanwhile.
        Path directory = resolve(lineage);
        Path fullchain = directory.resolve("fullchain.pem");
        Path privkey = directory.resolve("privkey.pem");
        List<X509Certificate> chain = certificates(lineage, fullchain);
        KeyPair keyPair = keyPair(lineage, privateKey(lineage, privkey), chain.get(0), privkey, fullchain);
        int version = version(lineage, directory);
        return Optional.of(new StoredCertificate(lineage.name(), version, new CertificateMaterial(chain, keyPair)));
    }

    /**
     * What {@link #read} would show, without the chain and the key material: only the leaf is parsed (and the key,
     * to prove it belongs to it), so a pass over thousands of certificates stays cheap.
     */
    static Optional<LiveVersion> readVersion(Lineage lineage) throws StoreException {
        if (!Files.exists(lineage.live(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path directory = resolve(lineage);
        Path fullchain = directory.resolve("fullchain.pem");
        Path privkey = directory.resolve("privkey.pem");
        X509Certificate leaf = leaf(lineage, fullchain);
        requireKeyOf(lineage, leaf, privkey, fullchain);
        int version = version(lineage, directory);
        return Optional.of(LiveVersion.of(lineage.name(), version, leaf));
    }

    private static void requireKeyOf(Lineage lineage, X509Certificate leaf, Path privkey, Path fullchain)
            throws StoreException {
        boolean matches;
        try {
            matches = Pem.keyBelongsTo(privkey, leaf);
        } catch (IOException e) {
            throw unreadable(lineage, privkey, StoreErrors.describe(e), e);
        }
        if (!matches) {
            throw mismatch(lineage, privkey, fullchain, null);
        }
    }

    private static X509Certificate leaf(Lineage lineage, Path file) throws StoreException {
        try {
            return Pem.readFirstCertificate(file);
        } catch (IOException e) {
            throw unreadable(lineage, file, StoreErrors.describe(e), e);
        }
    }

    private static Path resolve(Lineage lineage) throws StoreException {
        try {
            return lineage.live().toRealPath();
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), STEP, e, "live/" + lineage.name() + " is a broken link; "
                    + "point it at a version in archive/" + lineage.name() + "/ or remove it so sidecert issues a "
                    + "new certificate");
        }
    }

    private static int version(Lineage lineage, Path directory) throws StoreException {
        try {
            return ArchiveVersions.ofLive(lineage.live(), directory);
        } catch (IOException e) {
            throw StoreErrors.failed(lineage.name(), STEP, e, "check the links in live/" + lineage.name());
        }
    }

    private static List<X509Certificate> certificates(Lineage lineage, Path file) throws StoreException {
        List<X509Certificate> chain;
        try {
            chain = Pem.readCertificates(file);
        } catch (IOException e) {
            throw unreadable(lineage, file, StoreErrors.describe(e), e);
        }
        if (chain.isEmpty()) {
            throw unreadable(lineage, file, "no certificate in it", null);
        }
        return chain;
    }

    private static PrivateKey privateKey(Lineage lineage, Path file) throws StoreException {
        try {
            return Pem.readPrivateKey(file);
        } catch (IOException e) {
            throw unreadable(lineage, file, StoreErrors.describe(e), e);
        }
    }

    private static KeyPair keyPair(Lineage lineage, PrivateKey key, X509Certificate leaf, Path privkey, Path fullchain)
            throws StoreException {
        try {
            return Pem.keyPair(key, leaf);
        } catch (InvalidKeyException e) {
            throw mismatch(lineage, privkey, fullchain, e);
        }
    }

    private static StoreException mismatch(Lineage lineage, Path privkey, Path fullchain, Exception cause) {
        return new StoreException("[" + lineage.name() + "] " + STEP + ": " + privkey + " does not match the "
                + "certificate in " + fullchain + ": restore a matching pair from archive/" + lineage.name()
                + "/ or remove live/" + lineage.name() + " so sidecert issues a new certificate", cause);
    }

    private static StoreException unreadable(Lineage lineage, Path file, String problem, Exception cause) {
        return new StoreException("[" + lineage.name() + "] " + STEP + ": cannot parse " + file + ": " + problem
                + ": restore the file from archive/" + lineage.name() + "/ or remove live/" + lineage.name()
                + " so sidecert issues a new certificate", cause);
    }
}
