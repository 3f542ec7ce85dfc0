package io.sidecert.bench;

import io.sidecert.config.KeyType;
import io.sidecert.store.CertificateMaterial;
import io.sidecert.testing.CertbotLineage;
import io.sidecert.testing.TestCertificates;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Many certbot lineages in one certbot config directory, all issued now for 90 days, so that none is due: the
 * store of an idle pass. Each has its own name, domain and serial; they share one key pair, which saves about a
 * third of the planting time and changes nothing that is measured: each lineage still holds its own key file,
 * which sidecert reads and proves against its certificate as it would a unique key.
 */
final class LineageFarm {
    private static final Duration LIFETIME = Duration.ofDays(90);

    private final Path configDir;
    private final List<String> names;

    private LineageFarm(Path configDir, List<String> names) {
        this.configDir = configDir;
        this.names = List.copyOf(names);
    }

    /** Creates {@code count} one-version lineages {@code site-00001 ...} under {@code configDir}. */
    static LineageFarm plant(Path configDir, int count, Instant now) throws IOException {
        KeyPair shared = TestCertificates.keyPair(KeyType.EC_P256);
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String name = String.format("site-%05d", i);
            CertbotLineage.create(configDir, name, List.of(fresh(name, shared, now)));
            names.add(name);
        }
        return new LineageFarm(configDir, names);
    }

    private static CertificateMaterial fresh(String name, KeyPair keys, Instant now) {
        return TestCertificates.issue(List.of(domain(name)), keys, now, now.plus(LIFETIME));
    }

    static String domain(String name) {
        return name + ".bench.sidecert.test";
    }

    /** certbot's {@code --config-dir}: live/, archive/ and renewal/. */
    Path configDir() {
        return configDir;
    }

    List<String> names() {
        return names;
    }

    /** sidecert's {@code certificates} block for the same names and domains. */
    String certificatesHocon() {
        return names.stream()
                .map(name -> "  " + name + " { domains = [" + domain(name) + "] }")
                .collect(Collectors.joining("\n", "certificates {\n", "\n}\n"));
    }
}
