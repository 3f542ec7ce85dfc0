package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** Assertions about what a proxy would read from {@code live/<name>/}. */
final class StoreChecks {

    private StoreChecks() {}

    /** The set under {@code live/<name>} is whole: cert matches key, fullchain is cert then chain. */
    static void assertConsistentLiveSet(Path root, String name) throws IOException {
        // Resolve once, as a reader that wants one version must.
        Path directory = root.resolve("live").resolve(name).toRealPath();
        byte[] cert = Files.readAllBytes(directory.resolve("cert.pem"));
        byte[] chain = Files.readAllBytes(directory.resolve("chain.pem"));
        byte[] fullchain = Files.readAllBytes(directory.resolve("fullchain.pem"));
        assertArrayEquals(concat(cert, chain), fullchain, "fullchain.pem = cert.pem + chain.pem in " + directory);
        List<X509Certificate> leaf = Pem.readCertificates(directory.resolve("cert.pem"));
        assertEquals(1, leaf.size(), "cert.pem holds only the leaf");
        PrivateKey key = Pem.readPrivateKey(directory.resolve("privkey.pem"));
        assertTrue(Pem.matches(key, leaf.get(0).getPublicKey()), "privkey.pem matches cert.pem in " + directory);
    }

    /** Same chain, and the stored key is the private half of the original key pair. */
    static void assertSameMaterial(CertificateMaterial expected, CertificateMaterial actual) {
        assertEquals(expected.chain(), actual.chain());
        assertEquals(expected.keyPair().getPublic(), actual.keyPair().getPublic());
        assertTrue(Pem.matches(actual.keyPair().getPrivate(), expected.keyPair().getPublic()));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
