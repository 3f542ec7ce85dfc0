package io.sidecert.deploy;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that a reloaded proxy serves each new certificate: a TLS handshake per renewed name, repeated until the
 * leaf's serial is the new one twice in a row, or the time allowed has passed. Twice, because right after SIGHUP
 * nginx's old workers may still accept a connection or two with the old certificate while the new ones already
 * serve the new: one new serial would not yet mean every client gets it.
 */
final class ServedCertificates {
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

    /** Waits between attempts; a seam so that time can be driven in tests. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The result for one certificate. */
    record Verdict(CertificateChange change, boolean ok, String detail) {
        Verdict {
            requireNonNull(change, "change");
            requireNonNull(detail, "detail");
        }
    }

    private final TlsProbe probe;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration timeout;

    ServedCertificates(TlsProbe probe, Clock clock, Sleeper sleeper, Duration timeout) {
        this.probe = requireNonNull(probe, "probe");
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    /**
     * @param hosts the target's addresses, tried in order until one answers; the first that does is kept
     */
    List<Verdict> verify(List<String> hosts, int port, List<CertificateChange> changes) throws InterruptedException {
        if (hosts.isEmpty()) {
            return changes.stream().map(c -> new Verdict(c, false, "the container has no IP address (host "
                    + "networking?); set verify-host on the target, e.g. verify-host = \"127.0.0.1\"")).toList();
        }
        Instant deadline = clock.instant().plus(timeout);
        Map<CertificateChange, Verdict> latest = new LinkedHashMap<>();
        changes.forEach(c -> latest.put(c, new Verdict(c, false, "not checked")));
        List<Verdict> verdicts = new ArrayList<>();
        List<String> candidates = new ArrayList<>(hosts);
        while (true) {
            for (CertificateChange change : List.copyOf(latest.keySet())) {
                Verdict verdict = verdict(attempt(candidates, port, change), change, port);
                if (verdict.ok() && latest.get(change).ok()) {
                    latest.remove(change);
                    verdicts.add(verdict);
                } else {
                    latest.put(change, verdict);
                }
            }
            if (latest.isEmpty() || !clock.instant().plus(INTERVAL).isBefore(deadline)) {
                break;
            }
            sleeper.sleep(INTERVAL);
        }
        // Out of time: seen once in the last attempt still counts as served.
        verdicts.addAll(latest.values());
        return verdicts;
    }

    private Verdict verdict(Attempt attempt, CertificateChange change, int port) {
        if (attempt.served().filter(change.serial()::equals).isPresent()) {
            return new Verdict(change, true, "serial " + hex(change.serial()) + " on " + attempt.where() + " for "
                    + change.serverName());
        }
        return new Verdict(change, false, stale(attempt, change, port));
    }

    private record Attempt(String where, Optional<BigInteger> served, String detail) {
    }

    /** Tries each candidate address; one that answers moves to the front, so later attempts go there first. */
    private Attempt attempt(List<String> candidates, int port, CertificateChange change) {
        Attempt last = null;
        for (String host : List.copyOf(candidates)) {
            TlsProbe.Seen seen = probe.served(host, port, change.serverName(), HANDSHAKE_TIMEOUT);
            last = new Attempt(hostPort(host, port), seen.serial(), seen.detail());
            if (seen.serial().isPresent()) {
                candidates.remove(host);
                candidates.add(0, host);
                return last;
            }
        }
        return last;
    }

    private String stale(Attempt attempt, CertificateChange change, int port) {
        String after = "after " + timeout.toSeconds() + " s, ";
        if (attempt.served().isEmpty()) {
            return after + "no TLS answer from " + attempt.where() + " for " + change.serverName() + " ("
                    + attempt.detail() + "); check that the target serves TLS on port " + port
                    + " (verify-port, verify-host), or set reload.verify.enabled = false";
        }
        return after + attempt.where() + " still serves serial " + hex(attempt.served().get()) + " for "
                + change.serverName() + ", not the new " + hex(change.serial()) + "; check that the proxy reads "
                + "live/" + change.certificate() + "/fullchain.pem and privkey.pem for that name";
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String hex(BigInteger serial) {
        return serial.toString(16);
    }
}
