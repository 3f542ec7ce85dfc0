package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.KeyType;
import io.sidecert.config.SidecertConfig;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.LiveVersion;
import io.sidecert.store.StoreException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/** Looks up a certificate named on the command line, saying which names exist when it is not one of them. */
final class Certificates {
    private Certificates() {
    }

    static Optional<CertificateSpec> find(SidecertConfig config, String name, PrintWriter err) {
        Optional<CertificateSpec> spec = config.certificate(name);
        if (spec.isEmpty()) {
            err.println("sidecert: no certificate named '" + name + "' in the configuration; configured: "
                    + config.certificates().stream().map(CertificateSpec::name).toList());
        }
        return spec;
    }

    /**
     * A certificate found in the store but not configured, as a spec for revoking it: its names from the stored
     * certificate, the configured CA and account. Empty (and said why) when the store holds no such certificate.
     */
    static Optional<CertificateSpec> stored(SidecertConfig config, CertificateStore store, String name,
            PrintWriter err) throws StoreException {
        List<String> stored = store.names();
        if (!stored.contains(name)) {
            err.println("sidecert: no certificate named '" + name + "' in the configuration or the store; configured: "
                    + config.certificates().stream().map(CertificateSpec::name).toList() + ", stored: " + stored);
            return Optional.empty();
        }
        Optional<LiveVersion> live = store.live(name);
        if (live.isEmpty()) {
            err.println("sidecert: live/" + name + " holds no readable certificate");
            return Optional.empty();
        }
        // Only the name, the names and the CA matter for a revocation; the rest are placeholders of the record.
        return Optional.of(new CertificateSpec(name, live.get().facts().domains(), KeyType.EC_P256, false,
                ChallengeType.HTTP_01, config.acme().directory(), Optional.empty(), Optional.empty()));
    }
}
