package io.sidecert.challenge.dns01;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Dns01SolverTest {
    private static final ChallengeTask WILDCARD = new ChallengeTask("wild", "example.com", "tok-w", "tok-w.thumb");
    private static final ChallengeTask APEX = new ChallengeTask("wild", "example.com", "tok-a", "tok-a.thumb");
    private static final ChallengeTask SHOP = new ChallengeTask("wild", "shop.example.com", "tok-s", "tok-s.thumb");

    private final FakeDns dns = new FakeDns();
    private final RecordingProvider provider = new RecordingProvider(dns);

    @Test
    void aWildcardAndItsApexAddTwoValuesAtTheOneName() throws Exception {
        Dns01Solver solver = solver(Optional.empty());

        solver.present(WILDCARD);
        solver.present(APEX);
        solver.awaitVisible(List.of(WILDCARD, APEX));

        assertEquals(List.of(
                new TxtRecord("example.com", "_acme-challenge.example.com", ChallengeRecords.digest("tok-w.thumb")),
                new TxtRecord("example.com", "_acme-challenge.example.com", ChallengeRecords.digest("tok-a.thumb"))),
                provider.presented);
    }

    @Test
    void cleanUpRemovesExactlyTheValuesItAdded() throws Exception {
        Dns01Solver solver = solver(Optional.empty());
        solver.present(WILDCARD);
        solver.present(APEX);

        solver.cleanUp(APEX);
        solver.cleanUp(WILDCARD);
        solver.cleanUp(WILDCARD);

        assertEquals(List.of(provider.presented.get(1), provider.presented.get(0)), provider.removed,
                "each once, the second cleanup of the same task does nothing");
    }

    @Test
    void theRecordGoesToTheEndOfTheCnameChain() throws Exception {
        dns.cnames.put("_acme-challenge.shop.example.com", "shop.acme.example.net");

        solver(Optional.empty()).present(SHOP);

        assertEquals("shop.acme.example.net", provider.presented.get(0).name());
        assertEquals("shop.example.com", provider.presented.get(0).domain());
    }

    @Test
    void aChallengeAliasIsUsedWithoutLookingAtCnames() throws Exception {
        dns.cnames.put("_acme-challenge.shop.example.com", "somewhere.else.example");

        solver(Optional.of("acme.example.net")).present(SHOP);

        assertEquals("_acme-challenge.acme.example.net", provider.presented.get(0).name());
        assertEquals(List.of(), dns.cnameQueries);
    }

    @Test
    void waitsOnceForAllRecordsOfTheOrder() throws Exception {
        provider.visibleAfter = Duration.ofSeconds(5);
        Dns01Solver solver = solver(Optional.empty());
        solver.present(WILDCARD);
        solver.present(SHOP);

        solver.awaitVisible(List.of(WILDCARD, SHOP));

        assertEquals(3, dns.rounds, "asked at 0, 2, 4 and 6 s: one wait for both names");
    }

    @Test
    void aProviderFailureNamesTheCertificateTheStepAndTheName() {
        provider.failure = "BIND refused the update (REFUSED): check the key's update-policy";

        ChallengeException e = assertThrows(ChallengeException.class, () -> solver(Optional.empty()).present(SHOP));

        assertEquals("[wild] dns-01 present shop.example.com: BIND refused the update (REFUSED): check the key's "
                + "update-policy", e.getMessage());
    }

    @Test
    void aRecordThatNeverAppearsFailsTheWaitWithItsName() throws Exception {
        provider.visibleAfter = Duration.ofHours(1);
        Dns01Solver solver = solver(Optional.empty());
        solver.present(SHOP);

        ChallengeException e = assertThrows(ChallengeException.class, () -> solver.awaitVisible(List.of(SHOP)));

        assertTrue(e.getMessage().startsWith("[wild] dns-01 present shop.example.com: TXT _acme-challenge.shop.example.com "
                + "did not reach every authoritative nameserver within 120 s"), e.getMessage());
    }

    @Test
    void aFailedCleanupIsLoggedNotThrown() throws Exception {
        Dns01Solver solver = solver(Optional.empty());
        solver.present(SHOP);
        provider.failure = "the API is down";

        solver.cleanUp(SHOP);

        assertEquals(List.of(), provider.removed);
    }

    @Test
    void answersTheDns01ChallengeType() {
        assertEquals("dns-01", solver(Optional.empty()).challengeType());
    }

    private Dns01Solver solver(Optional<String> alias) {
        return new Dns01Solver("test", provider, alias, dns, dns.check());
    }

    /** A provider whose records reach every nameserver of the {@link FakeDns} after {@link #visibleAfter}. */
    private static final class RecordingProvider implements DnsProvider {
        final List<TxtRecord> presented = new ArrayList<>();
        final List<TxtRecord> removed = new ArrayList<>();
        private final FakeDns dns;
        Duration visibleAfter = Duration.ZERO;
        String failure;

        RecordingProvider(FakeDns dns) {
            this.dns = dns;
        }

        @Override
        public void present(TxtRecord record) throws DnsProviderException {
            if (failure != null) {
                throw new DnsProviderException(failure);
            }
            presented.add(record);
            dns.nameservers.forEach(ns -> dns.publish(ns, record.name(), record.value(), visibleAfter));
        }

        @Override
        public void cleanUp(TxtRecord record) throws DnsProviderException {
            if (failure != null) {
                throw new DnsProviderException(failure);
            }
            removed.add(record);
        }
    }
}
