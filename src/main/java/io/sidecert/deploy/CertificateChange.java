package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.util.List;

/**
 * A certificate whose new version a proxy has yet to load.
 *
 * @param domains its names, the first being the subject
 * @param serial  the new leaf's serial: what the proxy must serve afterwards
 */
public record CertificateChange(String certificate, List<String> domains, BigInteger serial) {
    public CertificateChange {
        requireNonNull(certificate, "certificate");
        domains = List.copyOf(domains);
        requireNonNull(serial, "serial");
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("a certificate has at least one name");
        }
    }

    /**
     * The name to ask for (SNI) when checking what is served: the first that is not a wildcard, or a made-up name
     * under a wildcard, which the proxy's {@code server_name *.example.com} matches as well.
     */
    String serverName() {
        return domains.stream().filter(d -> !d.startsWith("*.")).findFirst()
                .orElseGet(() -> "sidecert-check" + domains.get(0).substring(1));
    }
}
