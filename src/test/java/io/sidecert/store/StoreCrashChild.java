package io.sidecert.store;

import io.sidecert.config.KeyType;
import io.sidecert.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Saves new versions of one certificate as fast as it can, until {@link StoreCrashTest} kills it with SIGKILL.
 * Arguments: the certificates directory, the certificate name.
 */
public final class StoreCrashChild {

    private StoreCrashChild() {}

    public static void main(String[] args) throws StoreException {
        Path root = Path.of(args[0]);
        String name = args[1];
        Instant now = Instant.now();
        // Different key sizes and names, so consecutive versions differ in every file's length. EC only: RSA key
        // generation would make the child's start slow and erratic.
        List<CertificateMaterial> materials = List.of(
                TestCertificates.issue(List.of(name), KeyType.EC_P256, now, now.plus(Duration.ofDays(90))),
                TestCertificates.issue(
                        List.of(name, "www." + name), KeyType.EC_P384, now, now.plus(Duration.ofDays(90))));
        CertbotLayoutStore store = new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
        for (int i = 0; ; i++) {
            store.save(name, materials.get(i % materials.size()));
        }
    }
}
