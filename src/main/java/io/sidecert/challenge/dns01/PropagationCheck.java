package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Waits until every authoritative nameserver of each record's zone answers all expected TXT values, asking
 * each server directly so that no cache can hide a missing record (certmagic's and lego's check). The CA asks
 * one of those servers, chosen by its resolver: one lagging secondary is enough to fail a validation.
 *
 * <p>Where sidecert cannot reach the authoritative servers (port 53 only open to in-house resolvers), the
 * check can ask the resolvers instead ({@link #throughResolvers}); a resolver that cached the missing record
 * then holds things up until the negative answer expires, which is why that is not the default.
 */
public final class PropagationCheck {
    private static final int MAX_SHOWN = 3;

    private final DnsClient dns;
    private final boolean askAuthoritative;
    private final Clock clock;
    private final Sleeper sleeper;

    PropagationCheck(DnsClient dns, boolean askAuthoritative, Clock clock, Sleeper sleeper) {
        this.dns = requireNonNull(dns, "dns");
        this.askAuthoritative = askAuthoritative;
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
    }

    /** Asks every authoritative nameserver of each record's zone: the default. */
    public static PropagationCheck authoritative(DnsClient dns, Clock clock) {
        return new PropagationCheck(dns, true, clock, Sleeper.SYSTEM);
    }

    /** Asks the recursive resolvers of {@code dns} instead. */
    public static PropagationCheck throughResolvers(DnsClient dns, Clock clock) {
        return new PropagationCheck(dns, false, clock, Sleeper.SYSTEM);
    }

    /**
     * @param expected record name to the values it must hold (more values are fine: other orders' records)
     * @throws DnsLookupException when a zone's nameservers cannot be found, or a record is still missing
     *                            somewhere after {@code propagation.timeout()}; its name is that record's
     */
    public void await(Map<String, Set<String>> expected, Propagation propagation)
            throws DnsLookupException, InterruptedException {
        Instant deadline = clock.instant().plus(propagation.timeout());
        List<Pending> pending = pending(expected);
        while (true) {
            pending = stillMissing(pending);
            if (pending.isEmpty()) {
                return;
            }
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw timeout(pending, propagation);
            }
            sleeper.sleep(left.compareTo(propagation.interval()) < 0 ? left : propagation.interval());
        }
    }

    private List<Pending> pending(Map<String, Set<String>> expected) throws DnsLookupException {
        List<Pending> pending = new ArrayList<>();
        for (Map.Entry<String, Set<String>> record : new LinkedHashMap<>(expected).entrySet()) {
            List<Nameserver> servers = askAuthoritative ? dns.authoritativeServers(record.getKey()) : dns.resolvers();
            if (servers.isEmpty()) {
                throw new DnsLookupException(record.getKey(), "found no authoritative nameserver for " + record.getKey()
                        + ": check the zone's NS records, or set dns-01.resolvers to resolvers that see the zone");
            }
            for (Nameserver server : servers) {
                pending.add(new Pending(record.getKey(), Set.copyOf(record.getValue()), server, "not asked yet"));
            }
        }
        return pending;
    }

    private List<Pending> stillMissing(List<Pending> pending) {
        List<Pending> missing = new ArrayList<>();
        for (Pending p : pending) {
            try {
                Set<String> answered = dns.txt(p.server(), p.name());
                if (!answered.containsAll(p.values())) {
                    missing.add(p.answered(answered.isEmpty() ? "no TXT record" : "only " + answered));
                }
            } catch (DnsLookupException e) {
                missing.add(p.answered(e.getMessage()));
            }
        }
        return missing;
    }

    private static DnsLookupException timeout(List<Pending> pending, Propagation propagation) {
        List<String> shown = pending.stream().limit(MAX_SHOWN)
                .map(p -> p.server() + " answers " + p.lastAnswer()).toList();
        String more = pending.size() > MAX_SHOWN ? " and " + (pending.size() - MAX_SHOWN) + " more" : "";
        String name = pending.get(0).name();
        return new DnsLookupException(name, "TXT " + name + " did not reach every "
                + (pending.get(0).server().recursive() ? "resolver" : "authoritative nameserver") + " within "
                + propagation.timeout().toSeconds() + " s: " + String.join("; ", shown) + more
                + " (check that the provider's change reaches each of them: zone transfers and NOTIFY to secondaries; "
                + "or raise propagation-timeout)");
    }

    private record Pending(String name, Set<String> values, Nameserver server, String lastAnswer) {
        Pending answered(String answer) {
            return new Pending(name, values, server, answer);
        }
    }
}
