package io.sidecert.cli;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.SidecertConfig;
import java.io.PrintWriter;
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
}
