package io.sidecert.challenge.dns01;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DNS as a table, with a clock that only moves when the code under test sleeps: CNAMEs, one zone's nameservers,
 * and what each of them answers, which a test changes by hand or lets {@link #publish} do after a delay.
 */
final class FakeDns implements DnsClient {
    static final Nameserver NS1 = new Nameserver("ns1.example.com", new InetSocketAddress("192.0.2.1", 53));
    static final Nameserver NS2 = new Nameserver("ns2.example.com", new InetSocketAddress("192.0.2.2", 53));

    final Map<String, String> cnames = new HashMap<>();
    final List<Nameserver> nameservers = new ArrayList<>(List.of(NS1, NS2));
    final List<String> cnameQueries = new ArrayList<>();
    private final Map<Nameserver, Map<String, Set<String>>> answers = new HashMap<>();
    private final List<Scheduled> scheduled = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    int rounds;

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    Sleeper sleeper() {
        return duration -> {
            rounds++;
            now = now.plus(duration);
        };
    }

    PropagationCheck check() {
        return new PropagationCheck(this, true, clock(), sleeper());
    }

    /** {@code server} answers {@code value} at {@code name} from {@code delay} after now on. */
    void publish(Nameserver server, String name, String value, Duration delay) {
        scheduled.add(new Scheduled(server, name, value, now.plus(delay)));
    }

    void publishEverywhere(String name, String value) {
        nameservers.forEach(server -> publish(server, name, value, Duration.ZERO));
    }

    @Override
    public Optional<String> cname(String name) {
        cnameQueries.add(name);
        return Optional.ofNullable(cnames.get(name));
    }

    @Override
    public List<Nameserver> authoritativeServers(String name) {
        return List.copyOf(nameservers);
    }

    @Override
    public List<Nameserver> resolvers() {
        return List.of(Nameserver.resolver(new InetSocketAddress("192.0.2.53", 53)));
    }

    @Override
    public Set<String> txt(Nameserver server, String name) {
        for (Scheduled s : List.copyOf(scheduled)) {
            if (!s.at().isAfter(now)) {
                answers.computeIfAbsent(s.server(), k -> new HashMap<>())
                        .computeIfAbsent(s.name(), k -> new LinkedHashSet<>()).add(s.value());
                scheduled.remove(s);
            }
        }
        return Set.copyOf(answers.getOrDefault(server, Map.of()).getOrDefault(name, Set.of()));
    }

    private record Scheduled(Nameserver server, String name, String value, Instant at) {
    }
}
