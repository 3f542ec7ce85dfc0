package io.sidecert.challenge.dns01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CnameChainTest {
    private final FakeDns dns = new FakeDns();

    @Test
    void aNameWithoutCnameIsItsOwnTarget() throws Exception {
        assertEquals("_acme-challenge.example.com", CnameChain.follow("_acme-challenge.example.com", dns));
    }

    @Test
    void followsOneCnameIntoAnotherZone() throws Exception {
        dns.cnames.put("_acme-challenge.shop.example.com", "shop.acme.example.net");

        assertEquals("shop.acme.example.net", CnameChain.follow("_acme-challenge.shop.example.com", dns));
    }

    @Test
    void followsAChainToItsEndAndNormalisesCaseAndTrailingDots() throws Exception {
        dns.cnames.put("_acme-challenge.shop.example.com", "Hop.Example.com.");
        dns.cnames.put("hop.example.com", "shop.acme.example.net.");

        assertEquals("shop.acme.example.net", CnameChain.follow("_acme-challenge.shop.example.com", dns));
        assertEquals(3, dns.cnameQueries.size(), dns.cnameQueries::toString);
    }

    @Test
    void aLoopIsReportedWithTheChain() {
        dns.cnames.put("_acme-challenge.example.com", "a.example.net");
        dns.cnames.put("a.example.net", "_acme-challenge.example.com");

        DnsLookupException e = assertThrows(DnsLookupException.class,
                () -> CnameChain.follow("_acme-challenge.example.com", dns));

        assertTrue(e.getMessage().contains("form a loop (_acme-challenge.example.com -> a.example.net -> "
                + "_acme-challenge.example.com)"), e.getMessage());
        assertEquals("_acme-challenge.example.com", e.name());
    }

    @Test
    void aChainLongerThanResolversFollowIsRejected() {
        for (int i = 0; i < CnameChain.MAX_LENGTH + 1; i++) {
            dns.cnames.put(i == 0 ? "_acme-challenge.example.com" : "hop" + i + ".example.net", "hop" + (i + 1) + ".example.net");
        }

        DnsLookupException e = assertThrows(DnsLookupException.class,
                () -> CnameChain.follow("_acme-challenge.example.com", dns));

        assertTrue(e.getMessage().contains("is longer than " + CnameChain.MAX_LENGTH), e.getMessage());
    }
}
