package io.sidecert.challenge.dns01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PropagationCheckTest {
    private static final String NAME = "_acme-challenge.example.com";
    private static final Propagation TWO_MINUTES = new Propagation(Duration.ofMinutes(2), Duration.ofSeconds(2));

    private final FakeDns dns = new FakeDns();

    @Test
    void returnsAtOnceWhenEveryNameserverAlreadyAnswers() throws Exception {
        dns.publishEverywhere(NAME, "v1");

        dns.check().await(Map.of(NAME, Set.of("v1")), TWO_MINUTES);

        assertEquals(0, dns.rounds);
    }

    @Test
    void waitsForTheSlowestNameserver() throws Exception {
        dns.publish(FakeDns.NS1, NAME, "v1", Duration.ZERO);
        dns.publish(FakeDns.NS2, NAME, "v1", Duration.ofSeconds(7));

        dns.check().await(Map.of(NAME, Set.of("v1")), TWO_MINUTES);

        assertEquals(4, dns.rounds, "asked at 0, 2, 4, 6 and 8 s");
    }

    @Test
    void aWildcardAndItsApexNeedBothValuesAtTheOneName() throws Exception {
        dns.publishEverywhere(NAME, "wildcard");
        dns.nameservers.forEach(ns -> dns.publish(ns, NAME, "apex", Duration.ofSeconds(3)));

        dns.check().await(Map.of(NAME, Set.of("wildcard", "apex")), TWO_MINUTES);

        assertEquals(2, dns.rounds);
    }

    @Test
    void otherValuesAtTheNameDoNotMatter() throws Exception {
        dns.publishEverywhere(NAME, "another-order");
        dns.publishEverywhere(NAME, "ours");

        dns.check().await(Map.of(NAME, Set.of("ours")), TWO_MINUTES);
    }

    @Test
    void givesUpAfterTheTimeoutNamingTheLaggingServerAndWhatItAnswers() {
        dns.publish(FakeDns.NS1, NAME, "v1", Duration.ZERO);
        dns.publish(FakeDns.NS2, NAME, "stale", Duration.ZERO);

        DnsLookupException e = assertThrows(DnsLookupException.class,
                () -> dns.check().await(Map.of(NAME, Set.of("v1")), new Propagation(Duration.ofSeconds(10), Duration.ofSeconds(3))));

        assertTrue(e.getMessage().startsWith("TXT _acme-challenge.example.com did not reach every authoritative nameserver "
                + "within 10 s: ns2.example.com (192.0.2.2) answers only [stale]"), e.getMessage());
        assertTrue(e.getMessage().contains("raise propagation-timeout"), e.getMessage());
        assertEquals(NAME, e.name());
        assertEquals(4, dns.rounds, "slept 3 + 3 + 3 + 1 s, never past the deadline");
    }

    @Test
    void aZoneWithoutNameserversIsAnError() {
        dns.nameservers.clear();

        DnsLookupException e = assertThrows(DnsLookupException.class,
                () -> dns.check().await(Map.of(NAME, Set.of("v1")), TWO_MINUTES));

        assertTrue(e.getMessage().contains("found no authoritative nameserver for " + NAME), e.getMessage());
    }

    @Test
    void throughResolversAsksTheResolversInsteadOfTheNameservers() throws Exception {
        dns.publish(dns.resolvers().get(0), NAME, "v1", Duration.ofSeconds(1));

        new PropagationCheck(dns, false, dns.clock(), dns.sleeper()).await(Map.of(NAME, Set.of("v1")), TWO_MINUTES);

        assertEquals(1, dns.rounds);
    }
}
