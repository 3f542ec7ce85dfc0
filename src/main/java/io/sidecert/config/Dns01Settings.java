package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DNS-01 settings: how sidecert looks names up and how long it waits for a record to reach every
 * authoritative nameserver, and the named DNS providers that certificates refer to.
 *
 * @param propagationTimeout  the default bound on waiting for a TXT record to be visible
 * @param propagationInterval the default pause between two rounds of asking the nameservers
 * @param resolvers           recursive resolvers for following CNAMEs and finding a zone's nameservers;
 *                            empty means the system's ({@code /etc/resolv.conf})
 * @param askAuthoritative    true: the propagation check asks each authoritative nameserver directly;
 *                            false: it asks the resolvers (where sidecert cannot reach the authoritative ones)
 * @param providers           by name, in the order they were configured
 */
public record Dns01Settings(
        Duration propagationTimeout,
        Duration propagationInterval,
        List<ServerAddress> resolvers,
        boolean askAuthoritative,
        Map<String, DnsProviderSettings> providers) {

    public Dns01Settings {
        requireNonNull(propagationTimeout, "propagationTimeout");
        requireNonNull(propagationInterval, "propagationInterval");
        resolvers = List.copyOf(resolvers);
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /** No providers, the reference defaults: for configurations that use HTTP-01 only. */
    public static Dns01Settings none() {
        return new Dns01Settings(Duration.ofSeconds(120), Duration.ofSeconds(2), List.of(), true, Map.of());
    }

    public Optional<DnsProviderSettings> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }
}
