package io.sidecert.challenge.dns01;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The DNS questions that DNS-01 asks before the CA does: where a challenge record really lives, which servers
 * answer for its zone, and what each of them answers. Names are fully qualified, without the trailing dot.
 */
public interface DnsClient {

    /** The target of the CNAME at {@code name}, asked of the recursive resolvers; empty when there is none. */
    Optional<String> cname(String name) throws DnsLookupException;

    /** Every address of every nameserver listed in the NS records of the zone that holds {@code name}. */
    List<Nameserver> authoritativeServers(String name) throws DnsLookupException;

    /** The recursive resolvers this client asks, for a propagation check that cannot reach the nameservers. */
    List<Nameserver> resolvers() throws DnsLookupException;

    /**
     * The TXT values {@code server} answers for {@code name}, asked without recursion unless it is a resolver.
     *
     * @throws DnsLookupException whose message says what the server answered instead, e.g. {@code REFUSED}
     */
    Set<String> txt(Nameserver server, String name) throws DnsLookupException;
}
