package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One entry of {@code dns-providers}: how sidecert writes the TXT records of DNS-01 challenges. Secrets are
 * read from their files at startup, so a missing or empty file is a configuration error, not a failed
 * renewal weeks later; {@code toString} never shows them.
 */
public sealed interface DnsProviderSettings {

    /** The name certificates use in {@code dns-provider}. */
    String name();

    /** How long to wait for this provider's records to reach every authoritative nameserver. */
    Duration propagationTimeout();

    /** The pause between two rounds of asking the nameservers. */
    Duration propagationInterval();

    /**
     * RFC 2136 dynamic updates signed with TSIG, to BIND, Knot, PowerDNS or any primary that accepts them.
     *
     * @param keySecret the base64 TSIG secret
     */
    record Rfc2136(String name, ServerAddress server, String keyName, TsigAlgorithm keyAlgorithm, String keySecret,
            Path keySecretFile, Duration propagationTimeout, Duration propagationInterval)
            implements DnsProviderSettings {
        public Rfc2136 {
            requireNonNull(name, "name");
            requireNonNull(server, "server");
            requireNonNull(keyName, "keyName");
            requireNonNull(keyAlgorithm, "keyAlgorithm");
            requireNonNull(keySecret, "keySecret");
            requireNonNull(keySecretFile, "keySecretFile");
            requireNonNull(propagationTimeout, "propagationTimeout");
            requireNonNull(propagationInterval, "propagationInterval");
        }

        @Override
        public String toString() {
            return "Rfc2136[name=" + name + ", server=" + server + ", keyName=" + keyName + ", keyAlgorithm="
                    + keyAlgorithm.configName() + ", keySecret=***, keySecretFile=" + keySecretFile + "]";
        }
    }

    /** Cloudflare's v4 API with an API token (Zone:DNS:Edit). */
    record Cloudflare(String name, String apiToken, Path apiTokenFile, URI apiUrl, Duration propagationTimeout,
            Duration propagationInterval) implements DnsProviderSettings {
        public Cloudflare {
            requireNonNull(name, "name");
            requireNonNull(apiToken, "apiToken");
            requireNonNull(apiTokenFile, "apiTokenFile");
            requireNonNull(apiUrl, "apiUrl");
            requireNonNull(propagationTimeout, "propagationTimeout");
            requireNonNull(propagationInterval, "propagationInterval");
        }

        @Override
        public String toString() {
            return "Cloudflare[name=" + name + ", apiToken=***, apiTokenFile=" + apiTokenFile + ", apiUrl=" + apiUrl + "]";
        }
    }

    /** A script of the user's, called as {@code script present} and {@code script cleanup}. */
    record Exec(String name, Path script, Duration timeout, Duration propagationTimeout, Duration propagationInterval)
            implements DnsProviderSettings {
        public Exec {
            requireNonNull(name, "name");
            requireNonNull(script, "script");
            requireNonNull(timeout, "timeout");
            requireNonNull(propagationTimeout, "propagationTimeout");
            requireNonNull(propagationInterval, "propagationInterval");
        }
    }
}
