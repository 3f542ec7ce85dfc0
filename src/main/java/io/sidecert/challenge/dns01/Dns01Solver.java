package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import io.sidecert.challenge.ChallengeException;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeTask;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS-01 for one certificate through its {@link DnsProvider}: writes
 * {@code _acme-challenge.<name> TXT base64url(SHA-256(key authorization))} (at the end of the name's CNAME
 * chain, or under the certificate's challenge alias), waits until every authoritative nameserver answers
 * all records of the order, and removes exactly the values it added.
 */
public final class Dns01Solver implements ChallengeSolver {
    private static final Logger LOG = LoggerFactory.getLogger(Dns01Solver.class);

    private final String providerName;
    private final DnsProvider provider;
    private final Optional<String> challengeAlias;
    private final DnsClient dns;
    private final PropagationCheck propagation;
    private final Map<ChallengeTask, TxtRecord> written = new ConcurrentHashMap<>();

    /**
     * @param challengeAlias write every record at {@code _acme-challenge.<alias>} without looking at CNAMEs
     */
    public Dns01Solver(String providerName, DnsProvider provider, Optional<String> challengeAlias, DnsClient dns,
            PropagationCheck propagation) {
        this.providerName = requireNonNull(providerName, "providerName");
        this.provider = requireNonNull(provider, "provider");
        this.challengeAlias = requireNonNull(challengeAlias, "challengeAlias");
        this.dns = requireNonNull(dns, "dns");
        this.propagation = requireNonNull(propagation, "propagation");
    }

    @Override
    public String challengeType() {
        return "dns-01";
    }

    @Override
    public void present(ChallengeTask task) throws ChallengeException {
        TxtRecord record = new TxtRecord(ChallengeRecords.baseDomain(task.domain()), recordName(task),
                ChallengeRecords.digest(task.keyAuthorization()));
        try {
            provider.present(record);
        } catch (DnsProviderException e) {
            throw new ChallengeException(prefix(task, "present") + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChallengeException(prefix(task, "present") + "interrupted while writing TXT " + record.name(), e);
        }
        written.put(task, record);
        LOG.info("[{}] dns-01 present {}: TXT {} \"{}\" added through {}", task.certificate(), task.domain(),
                record.name(), record.value(), providerName);
    }

    /** Waits once for all records of the order, so an order of many names costs one propagation delay. */
    @Override
    public void awaitVisible(List<ChallengeTask> presented) throws ChallengeException, InterruptedException {
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        Map<String, ChallengeTask> firstTask = new LinkedHashMap<>();
        for (ChallengeTask task : presented) {
            TxtRecord record = written.get(task);
            if (record != null) {
                expected.computeIfAbsent(record.name(), name -> new LinkedHashSet<>()).add(record.value());
                firstTask.putIfAbsent(record.name(), task);
            }
        }
        if (expected.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        try {
            propagation.await(expected, provider.propagation());
        } catch (DnsLookupException e) {
            ChallengeTask task = firstTask.getOrDefault(e.name(), presented.get(0));
            throw new ChallengeException(prefix(task, "present") + e.getMessage(), e);
        }
        LOG.info("[{}] dns-01: TXT {} visible on every nameserver asked after {} ms",
                presented.get(0).certificate(), expected.keySet(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Never throws: a failed removal is logged with what to delete by hand, and the real outcome stands. */
    @Override
    public void cleanUp(ChallengeTask task) {
        TxtRecord record = written.remove(task);
        if (record == null) {
            return;
        }
        try {
            provider.cleanUp(record);
            LOG.debug("[{}] dns-01 cleanup {}: TXT {} \"{}\" removed", task.certificate(), task.domain(),
                    record.name(), record.value());
        } catch (DnsProviderException e) {
            LOG.warn("{}{} (remove TXT {} \"{}\" by hand if it stays)", prefix(task, "cleanup"), e.getMessage(),
                    record.name(), record.value());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}interrupted; TXT {} \"{}\" may be left behind", prefix(task, "cleanup"), record.name(),
                    record.value());
        } catch (RuntimeException e) {
            LOG.warn("{}{} (remove TXT {} \"{}\" by hand if it stays)", prefix(task, "cleanup"), e, record.name(),
                    record.value());
        }
    }

    private String recordName(ChallengeTask task) throws ChallengeException {
        if (challengeAlias.isPresent()) {
            return ChallengeRecords.recordName(challengeAlias.get());
        }
        String name = ChallengeRecords.recordName(task.domain());
        try {
            String target = CnameChain.follow(name, dns);
            if (!target.equals(name)) {
                LOG.info("[{}] dns-01 present {}: {} is a CNAME to {}; writing the TXT record there",
                        task.certificate(), task.domain(), name, target);
            }
            return target;
        } catch (DnsLookupException e) {
            throw new ChallengeException(prefix(task, "present") + e.getMessage(), e);
        }
    }

    private static String prefix(ChallengeTask task, String step) {
        return "[" + task.certificate() + "] dns-01 " + step + " " + task.domain() + ": ";
    }
}
