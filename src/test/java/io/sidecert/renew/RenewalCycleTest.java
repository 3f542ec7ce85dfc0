package io.sidecert.renew;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.AcmeStep;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.KeyType;
import io.sidecert.config.OrderBudgetLimit;
import io.sidecert.deploy.CertificateChange;
import io.sidecert.event.RenewalEvent;
import io.sidecert.renew.CheckOutcome.Result;
import io.sidecert.renew.NextAction.Kind;
import io.sidecert.store.CertbotLayoutStore;
import io.sidecert.store.FileModes;
import io.sidecert.store.FileOwnership;
import io.sidecert.store.JsonStateStore;
import io.sidecert.store.RenewalWindow;
import io.sidecert.testing.FakeCertificateAuthority;
import io.sidecert.testing.TestCertificates;
import io.sidecert.testing.TestClock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.RevocationReason;

/**
 * The renewal cycle end to end, without a CA or Docker: a fake CA, a real store and state in a temporary
 * directory, and recorded proxy reloads. Every path: not due, renewed, failed with back-off, rate-limited,
 * waiting for the order budget, stored by another node, revoked.
 */
class RenewalCycleTest {
    private static final Duration LIFETIME = Duration.ofDays(90);
    /** Never any jitter: back-offs are exact. */
    private static final RandomGenerator NO_JITTER = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Instant.now());
    final FakeCertificateAuthority ca = new FakeCertificateAuthority(clock, LIFETIME);
    final List<RenewalEvent> events = new CopyOnWriteArrayList<>();
    final List<List<CertificateChange>> reloads = new CopyOnWriteArrayList<>();
    OrderBudget budget = OrderBudget.unlimited();
    CertbotLayoutStore store;
    JsonStateStore states;
    RenewalCycle cycle;

    @BeforeEach
    void wire() throws IOException {
        Files.createDirectories(dir.resolve("certs"));
        store = new CertbotLayoutStore(dir.resolve("certs"), FileModes.defaults(), FileOwnership.unchanged());
        states = new JsonStateStore(dir.resolve("state"));
        rewire();
    }

    private void rewire() {
        var watcher = new SharedStoreWatcher(store);
        var renewer = new CertificateRenewer(store, states, new CertificateLocks(dir.resolve("state")), ca,
                new AriTracker(ca, NO_JITTER), new RenewalPolicy(), new RetryPolicy(NO_JITTER), budget, watcher,
                events::add, clock);
        cycle = new RenewalCycle(renewer, watcher, new UnconfiguredCertificates(store, new LineageMoves(store, states,
                new CertificateLocks(dir.resolve("state")), events::add), events::add), reloads::add, events::add,
                clock, 2);
    }

    @Test
    void aFirstIssuanceIsStoredReloadedAndPlannedNext() throws Exception {
        CheckOutcome outcome = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(Result.RENEWED, outcome.result(), outcome.detail());
        assertEquals(List.of("shop"), ca.orders);
        assertEquals(List.of(List.of("shop")), reloadedNames());
        assertEquals(outcome.stored().orElseThrow().facts().serial(), reloads.get(0).get(0).serial());
        assertEquals(new NextAction(Kind.ASK_RENEWAL_INFO, clock.instant()), outcome.next().orElseThrow(),
                "a new certificate's renewal window is asked for at once");
    }

    @Test
    void aCertificateThatIsNotDueCostsNoOrderNoKeyParseAndNoWrite() throws Exception {
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);   // asks for ARI: none offered
        int callsBefore = ca.calls();
        Map<Path, FileTime> before = modificationTimes(dir.resolve("state"));
        reloads.clear();

        clock.advance(Duration.ofHours(1));
        CheckOutcome outcome = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(Result.NOT_DUE, outcome.result(), outcome.detail());
        assertEquals(callsBefore, ca.calls(), "nothing asked of the CA");
        assertEquals(before, modificationTimes(dir.resolve("state")), "nothing written");
        assertEquals(List.of(), reloads, "nothing to reload");
        NextAction next = outcome.next().orElseThrow();
        assertEquals(Kind.ASK_RENEWAL_INFO, next.kind(), "a CA without ARI is asked again a day later: " + next);
    }

    @Test
    void aCertificateIsPlannedAtItsRenewalPointWhenTheCaOffersNoEarlierWindow() throws Exception {
        ca.renewalInfo(Optional.of(new RenewalInfoClient.Answer(new RenewalWindow(clock.instant().plus(
                Duration.ofDays(60)), clock.instant().plus(Duration.ofDays(61))), Optional.of(clock.instant().plus(
                Duration.ofDays(100))))));
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        CheckOutcome outcome = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        NextAction next = outcome.next().orElseThrow();
        assertEquals(Kind.ASK_RENEWAL_INFO, next.kind(), "asked again after a day at most: " + next);
        assertEquals(clock.instant().plus(Duration.ofDays(1)), next.at());
        clock.advance(Duration.ofDays(60).plusHours(12));
        CheckOutcome due = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);
        assertEquals(Result.RENEWED, due.result(), "renewed inside the CA's window: " + due.detail());
        assertEquals(List.of(false, true), ca.replacing, "the renewal names its predecessor (ARI replaces)");
    }

    @Test
    void aFailureBacksOffIsRetriedWhenTheBackOffEndsAndNotBefore() throws Exception {
        ca.failNext(new AcmeFailure("shop", AcmeStep.VALIDATE, AcmeFailure.Retry.BACK_OFF, Optional.empty(),
                "connection refused", null));
        Instant failedAt = clock.instant();

        CheckOutcome failed = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(Result.FAILED, failed.result());
        assertEquals(new NextAction(Kind.RETRY, failedAt.plus(Duration.ofMinutes(1))), failed.next().orElseThrow());
        clock.advance(Duration.ofSeconds(30));
        CheckOutcome early = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);
        assertEquals(Result.DEFERRED, early.result());
        assertEquals(1, ca.orders.size(), "not tried again during the back-off");
        assertEquals(failed.next(), early.next(), "still planned at the end of the back-off");
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Result.RENEWED, cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED).result());
        assertEquals(0, states.load("shop").consecutiveFailures());
    }

    @Test
    void aRateLimitIsWaitedOutUntilTheCasRetryAfter() throws Exception {
        Instant retryAfter = clock.instant().plus(Duration.ofHours(3));
        ca.failNext(new AcmeFailure("shop", AcmeStep.ORDER, AcmeFailure.Retry.RATE_LIMITED, Optional.of(retryAfter),
                "too many certificates", null));

        CheckOutcome limited = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(new NextAction(Kind.CA_RETRY_AFTER, retryAfter), limited.next().orElseThrow());
        clock.set(retryAfter);
        assertEquals(Result.RENEWED, cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED).result());
    }

    @Test
    void aRetryAfterOfYearsIsWaitedOutForADayAtMost() throws Exception {
        Instant years = clock.instant().plusSeconds(99_999_999);
        ca.failNext(new AcmeFailure("shop", AcmeStep.ORDER, AcmeFailure.Retry.RATE_LIMITED, Optional.of(years),
                "too many certificates", null));

        CheckOutcome limited = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(new NextAction(Kind.CA_RETRY_AFTER, clock.instant().plus(Duration.ofHours(24))),
                limited.next().orElseThrow());
        assertEquals(Optional.of(clock.instant().plus(Duration.ofHours(24))), states.load("shop").caRetryAfter());
    }

    @Test
    void firstIssuancesBeyondTheOrderBudgetWaitWithoutFailing() throws Exception {
        budget = new OrderBudget(new OrderBudgetLimit(2, Duration.ofMinutes(1)), clock);
        rewire();

        List<CheckOutcome> outcomes = cycle.checkAll(List.of(spec("a"), spec("b"), spec("c")));

        Map<Result, Long> results = new TreeMap<>();
        outcomes.forEach(o -> results.merge(o.result(), 1L, Long::sum));
        assertEquals(Map.of(Result.RENEWED, 2L, Result.WAITING, 1L), results);
        CheckOutcome waiting = outcomes.stream().filter(o -> o.result() == Result.WAITING).findFirst().orElseThrow();
        assertEquals(new NextAction(Kind.WAIT_FOR_BUDGET, clock.instant().plus(Duration.ofMinutes(1))),
                waiting.next().orElseThrow());
        assertEquals(0, states.load(waiting.certificate()).consecutiveFailures(), "waiting is not failing");
        assertTrue(events.stream().anyMatch(e -> e instanceof RenewalEvent.WaitingForBudget w
                && w.certificate().equals(waiting.certificate())), events.toString());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Result.RENEWED, cycle.check(spec(waiting.certificate()), CertificateRenewer.Trigger.SCHEDULED)
                .result());
    }

    @Test
    void aVersionAnotherNodeStoredIsReloadedHere() throws Exception {
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);
        reloads.clear();
        var otherNode = new CertbotLayoutStore(dir.resolve("certs"), FileModes.defaults(), FileOwnership.unchanged());
        var stored = otherNode.save("shop", TestCertificates.issue("shop.example"));

        CheckOutcome outcome = cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        assertEquals(Result.NOT_DUE, outcome.result(), outcome.detail());
        assertEquals(List.of(List.of("shop")), reloadedNames());
        assertEquals(stored.facts().serial(), reloads.get(0).get(0).serial());
        assertTrue(events.stream().anyMatch(RenewalEvent.StoredElsewhere.class::isInstance), events.toString());
    }

    @Test
    void aPassReloadsOnceForEverythingItStoredAndSummarisesWhatComesNext() throws Exception {
        List<CheckOutcome> outcomes = cycle.checkAll(List.of(spec("a"), spec("b"), spec("c")));

        assertEquals(3, outcomes.stream().filter(o -> o.result() == Result.RENEWED).count());
        assertEquals(1, reloads.size(), "one reload for the whole pass: " + reloads);
        assertEquals(List.of("a", "b", "c"), reloadedNames().get(0).stream().sorted().toList());
        RenewalEvent.CheckCompleted summary = events.stream().filter(RenewalEvent.CheckCompleted.class::isInstance)
                .map(RenewalEvent.CheckCompleted.class::cast).findFirst().orElseThrow();
        assertEquals(3, summary.renewed());
        assertTrue(summary.next().orElseThrow().contains("ask-renewal-info at"), summary.toString());
    }

    @Test
    void aRevocationWithReplacementReloadsThroughTheSameCycle() throws Exception {
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);
        reloads.clear();

        CheckOutcome outcome = cycle.revoke(spec("shop"), RevocationReason.KEY_COMPROMISE, true);

        assertEquals(Result.RENEWED, outcome.result(), outcome.detail());
        assertEquals(List.of("shop"), ca.revocations);
        assertEquals(List.of(List.of("shop")), reloadedNames());
    }

    @Test
    void aRevokedCertificateLeftInPlaceIsDueAtOnce() throws Exception {
        cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED);

        CheckOutcome revoked = cycle.revoke(spec("shop"), RevocationReason.UNSPECIFIED, false);

        assertEquals(Result.REVOKED, revoked.result());
        assertEquals(new NextAction(Kind.RENEW, clock.instant()), revoked.next().orElseThrow());
        assertEquals(Result.RENEWED, cycle.check(spec("shop"), CertificateRenewer.Trigger.SCHEDULED).result());
    }

    private List<List<String>> reloadedNames() {
        return reloads.stream().map(changes -> changes.stream().map(CertificateChange::certificate).toList())
                .toList();
    }

    private static Map<Path, FileTime> modificationTimes(Path root) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.toList()) {
                times.put(file, Files.getLastModifiedTime(file));
            }
        }
        return times;
    }

    @Test
    void aRenamedEntryTakesOverTheStoredCertificateWithoutANewOrder() throws Exception {
        cycle.checkAll(List.of(spec("shop")));
        java.math.BigInteger serial = store.live("shop").orElseThrow().facts().serial();
        CertificateSpec renamed = new CertificateSpec("store", List.of("shop.example"), KeyType.EC_P256, false,
                ChallengeType.HTTP_01, URI.create("https://ca.example/dir"), Optional.empty(), Optional.empty());
        reloads.clear();

        cycle.checkAll(List.of(renamed));

        assertEquals(List.of("shop"), ca.orders, "no second order for the same names");
        assertEquals(serial, store.live("store").orElseThrow().facts().serial());
        assertEquals(List.of("store"), store.names(), "the old name's files are gone");
        assertTrue(states.load("store").lastSuccess().isPresent(), "the state moved with the certificate");
        assertTrue(events.stream().anyMatch(e -> e instanceof RenewalEvent.TakenOver t && t.from().equals("shop")));
        assertEquals(List.of(List.of("store")), reloadedNames(), "the proxies learn of the new name");
    }

    @Test
    void aRemovedEntryIsReportedOnceAndItsFilesAreKept() throws Exception {
        cycle.checkAll(List.of(spec("shop"), spec("blog")));

        cycle.checkAll(List.of(spec("shop")));
        cycle.checkAll(List.of(spec("shop")));

        assertEquals(1, events.stream().filter(RenewalEvent.NoLongerConfigured.class::isInstance).count(), "once");
        assertEquals(List.of("blog", "shop"), store.names());
        assertEquals(2, ca.orders.size(), "never renewed again: " + ca.orders);
    }

    @Test
    void aDeletedCertificateLeavesNoFilesAndNoState() throws Exception {
        cycle.checkAll(List.of(spec("shop"), spec("blog")));
        LineageMoves moves = new LineageMoves(store, states, new CertificateLocks(dir.resolve("state")), events::add);

        List<String> removed = moves.delete("blog");

        assertEquals(List.of("live/blog", "archive/blog"), removed);
        assertEquals(List.of("shop"), store.names());
        assertTrue(states.load("blog").lastAttempt().isEmpty(), "its state is gone");
        assertFalse(Files.exists(dir.resolve("state/certificates/blog.json")));
    }

    static CertificateSpec spec(String name) {
        return new CertificateSpec(name, List.of(name + ".example"), KeyType.EC_P256, false, ChallengeType.HTTP_01,
                URI.create("https://ca.example/dir"), Optional.empty(), Optional.empty());
    }
}
