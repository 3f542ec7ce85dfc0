package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.AlertSettings;
import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import io.sidecert.observe.alert.AlertState.Active;
import io.sidecert.renew.CertificateStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what is worth telling a person, and tells it once: one alert when a {@link Condition} begins (a renewal
 * failed, expiry is near, a reload failed, a proxy serves a stale certificate), one "recovered" when it ends,
 * nothing for the hourly retries in between. Only the expiry warning repeats, daily. What was alerted is kept in
 * the state directory ({@link AlertBook}), so neither a restart nor a {@code sidecert renew} beside the daemon
 * repeats an alert. Optionally a notice per successful renewal and a daily digest.
 *
 * <p>Decisions are made on the renewing thread (quick: a small file); delivery happens on the
 * {@link AlertDispatcher}'s own thread, so a mail server's trouble never reaches a renewal.
 */
public final class Alerts implements RenewalListener, AutoCloseable {
    /** Stands for "the proxies" in alerts about reloads that failed before any certificate was waiting. */
    static final String PROXY = "(proxy)";
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    /** Daily repeats fall due half an hour early, so that hourly checks a few seconds apart keep the rhythm. */
    static final Duration DAILY = Duration.ofDays(1).minusMinutes(30);
    private static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final String NO_CERTIFICATE = "none stored yet";

    private final AlertSettings settings;
    private final AlertBook book;
    private final AlertDispatcher dispatcher;
    private final Supplier<List<CertificateStatus>> statuses;
    private final Clock clock;
    private final String host;

    Alerts(AlertSettings settings, AlertBook book, AlertDispatcher dispatcher,
            Supplier<List<CertificateStatus>> statuses, Clock clock, String host) {
        this.settings = requireNonNull(settings, "settings");
        this.book = requireNonNull(book, "book");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
        this.statuses = requireNonNull(statuses, "statuses");
        this.clock = requireNonNull(clock, "clock");
        this.host = requireNonNull(host, "host");
    }

    /**
     * Alerts through the configured e-mail and webhooks.
     *
     * @param deliveries told about each delivery (channel kind, sent), for metrics
     */
    public static Alerts create(AlertSettings settings, Path stateDirectory, Supplier<List<CertificateStatus>> statuses,
            Clock clock, BiConsumer<String, Boolean> deliveries) {
        List<AlertChannel> channels = new ArrayList<>();
        settings.email().ifPresent(email -> channels.add(new EmailChannel(email)));
        var http = WebhookChannel.defaultClient();
        settings.webhooks().forEach(webhook -> channels.add(new WebhookChannel(webhook, http)));
        LOG.info("alerts go to: {}", channels.stream().map(AlertChannel::describe).collect(Collectors.joining("; ")));
        return new Alerts(settings, new AlertBook(stateDirectory),
                new AlertDispatcher(channels, RETRY_DELAYS, deliveries::accept), statuses, clock, hostName());
    }

    @Override
    public synchronized void on(RenewalEvent event) {
        try {
            if (event instanceof RenewalEvent.Failed f) {
                raise(f.certificate(), Condition.RENEWAL_FAILED, "", firstLine(f.message()), false, () -> failed(f));
            } else if (event instanceof RenewalEvent.Renewed r) {
                renewed(r);
            } else if (event instanceof RenewalEvent.NotDue n) {
                resolve(n.certificate(), a -> a.condition() == Condition.RENEWAL_FAILED,
                        "not due for renewal any more; valid until " + Texts.time(n.notAfter()));
            } else if (event instanceof RenewalEvent.CheckCompleted) {
                sweep();
            } else if (event instanceof RenewalEvent.ReloadFailed f) {
                // A failure before any certificate was pending (Docker unreachable) still reaches someone.
                for (String certificate : f.certificates().isEmpty() ? List.of(PROXY) : f.certificates()) {
                    reloadFailed(certificate, f.target(), f.reason());
                }
            } else if (event instanceof RenewalEvent.Reloaded r) {
                r.certificates().forEach(certificate -> reloaded(certificate, r.target()));
            } else if (event instanceof RenewalEvent.ServedCertificate s) {
                servedCertificate(s.certificate(), s.target(), s.ok(), s.detail());
            }
        } catch (RuntimeException e) {
            LOG.error("alerts: cannot handle {} ({}); renewals are unaffected", event, e.toString());
        }
    }

    /** A proxy could not be told about {@code certificate}'s new version. */
    public synchronized void reloadFailed(String certificate, String target, String error) {
        raise(certificate, Condition.RELOAD_FAILED, target, firstLine(error), false, () -> alert(
                AlertKind.RELOAD_FAILED, certificate, certificate + ": reload of " + target + " failed",
                List.of(fact("target", "Target", target), fact("error", "Error", error)),
                "The new certificate is stored, but the proxy still serves the old one until it reloads."));
    }

    /** A proxy was told about {@code certificate}'s new version. */
    public synchronized void reloaded(String certificate, String target) {
        // Failures may name Docker itself or a selector rather than this container: a working reload ends them all.
        resolve(certificate, a -> a.condition() == Condition.RELOAD_FAILED, target + " reloaded");
        resolve(PROXY, a -> a.condition() == Condition.RELOAD_FAILED, target + " reloaded");
    }

    /** What a proxy serves for {@code certificate}: the stored certificate ({@code current}) or an older one. */
    public synchronized void servedCertificate(String certificate, String target, boolean current, String detail) {
        if (current) {
            resolve(certificate, a -> a.condition() == Condition.STALE_CERTIFICATE && a.target().equals(target),
                    target + " serves the current certificate");
            return;
        }
        raise(certificate, Condition.STALE_CERTIFICATE, target, firstLine(detail), false, () -> alert(
                AlertKind.STALE_CERTIFICATE, certificate, certificate + ": " + target + " serves an old certificate",
                List.of(fact("target", "Target", target), fact("detail", "Detail", detail)),
                "The stored certificate is newer than the one the proxy serves."));
    }

    /** Delivers what is still queued, then stops. */
    @Override
    public void close() {
        dispatcher.close();
    }

    private void renewed(RenewalEvent.Renewed r) {
        String how = "renewed: version " + r.version() + ", valid until " + Texts.time(r.notAfter());
        boolean recovered = resolve(r.certificate(),
                a -> a.condition() == Condition.RENEWAL_FAILED || a.condition() == Condition.EXPIRING, how);
        if (!recovered && settings.successNotices()) {
            dispatcher.dispatch(alert(AlertKind.RENEWED, r.certificate(), r.certificate() + ": renewed", List.of(
                    fact("domains", "Names", String.join(", ", r.domains())),
                    fact("notAfter", "Valid until", Texts.time(r.notAfter())),
                    fact("version", "Version", Integer.toString(r.version())),
                    fact("reason", "Why", r.reason())), ""));
        }
    }

    /** After each check: expiry warnings (repeated daily), certificates no longer configured, the digest. */
    private void sweep() {
        List<CertificateStatus> all = statuses.get();
        Set<String> configured = all.stream().map(CertificateStatus::name).collect(Collectors.toSet());
        AlertState state = book.load();
        if (state.active().stream().anyMatch(a -> !configured.contains(a.certificate()) && !a.certificate().equals(PROXY))) {
            book.save(state.without(a -> !configured.contains(a.certificate()) && !a.certificate().equals(PROXY)));
        }
        Instant now = clock.instant();
        for (CertificateStatus s : all) {
            boolean expiring = s.notAfter().filter(t -> Duration.between(now, t).compareTo(settings.expiringWithin()) <= 0)
                    .isPresent();
            if (expiring) {
                raise(s.name(), Condition.EXPIRING, "", "expires at " + Texts.time(s.notAfter().get()), true,
                        () -> expiring(s, now));
            } else {
                resolve(s.name(), a -> a.condition() == Condition.EXPIRING, "no longer close to expiry: valid until "
                        + s.notAfter().map(Texts::time).orElse("-"));
            }
        }
        digest(all, now);
    }

    private void digest(List<CertificateStatus> all, Instant now) {
        AlertState state = book.load();
        if (!settings.dailyDigest() || state.lastDigest().filter(last -> now.isBefore(last.plus(DAILY))).isPresent()) {
            return;
        }
        book.save(state.withLastDigest(now));
        long attention = all.stream().filter(s -> s.failing() || s.notAfter().isEmpty()).count();
        List<Alert.Fact> facts = new ArrayList<>();
        for (CertificateStatus s : all) {
            facts.add(fact(s.name(), s.name(), Texts.digestLine(s, now)));
        }
        dispatcher.dispatch(alert(AlertKind.DIGEST, "", "daily digest: " + all.size() + " certificate(s), "
                + attention + " need(s) attention", facts, ""));
    }

    /** Alerts when the condition begins, or again when it is daily and a day has passed; else nothing. */
    private void raise(String certificate, Condition condition, String target, String detail, boolean daily,
            Supplier<Alert> alert) {
        AlertState state = book.load();
        Instant now = clock.instant();
        Optional<Active> active = state.find(certificate, condition, target);
        if (active.isPresent() && !(daily && !now.isBefore(active.get().lastNotified().plus(DAILY)))) {
            return;
        }
        Instant since = active.map(Active::since).orElse(now);
        book.save(state.with(new Active(certificate, condition, target, since, now, detail)));
        dispatcher.dispatch(alert.get());
    }

    /** Ends the matching conditions of a certificate with one "recovered" alert; false when none was active. */
    private boolean resolve(String certificate, Predicate<Active> condition, String how) {
        AlertState state = book.load();
        Predicate<Active> matching = a -> a.certificate().equals(certificate) && condition.test(a);
        List<Active> ended = state.active().stream().filter(matching).toList();
        if (ended.isEmpty()) {
            return false;
        }
        book.save(state.without(matching));
        List<Alert.Fact> facts = new ArrayList<>();
        status(certificate).ifPresent(s -> facts.add(fact("domains", "Names", String.join(", ", s.domains()))));
        facts.add(fact("resolution", "Now", how));
        for (Active a : ended) {
            facts.add(fact(Texts.key(a.condition()), "Was", Texts.describe(a) + " (since " + Texts.time(a.since()) + ")"));
        }
        dispatcher.dispatch(alert(AlertKind.RECOVERED, certificate, certificate + ": recovered", facts, ""));
        return true;
    }

    private Alert failed(RenewalEvent.Failed f) {
        Optional<CertificateStatus> status = status(f.certificate());
        List<Alert.Fact> facts = new ArrayList<>();
        status.ifPresent(s -> facts.add(fact("domains", "Names", String.join(", ", s.domains()))));
        facts.add(fact("step", "Step", f.step()));
        facts.add(fact("error", "Error", f.message()));
        facts.add(fact("consecutiveFailures", "Failures in a row", Integer.toString(f.consecutiveFailures())));
        facts.add(fact("nextAttempt", "Next attempt", f.nextAttempt().map(Texts::time).orElse("at the next check")));
        facts.add(fact("notAfter", "Current certificate", status.flatMap(CertificateStatus::notAfter)
                .map(t -> "valid until " + Texts.time(t) + " (" + Texts.daysLeft(clock.instant(), t) + ")")
                .orElse(NO_CERTIFICATE)));
        return alert(AlertKind.RENEWAL_FAILED, f.certificate(), f.certificate() + ": renewal failed", facts,
                "sidecert retries on its own and sends one more message when the renewal succeeds; retries in "
                        + "between send nothing. `sidecert renew " + f.certificate() + " --force` retries now.");
    }

    private Alert expiring(CertificateStatus s, Instant now) {
        Instant notAfter = s.notAfter().orElseThrow();
        List<Alert.Fact> facts = new ArrayList<>();
        facts.add(fact("domains", "Names", String.join(", ", s.domains())));
        facts.add(fact("notAfter", "Valid until", Texts.time(notAfter) + " (" + Texts.daysLeft(now, notAfter) + ")"));
        facts.add(fact("lastResult", "Last result", s.lastResult().orElse("-")));
        s.lastError().ifPresent(e -> facts.add(fact("error", "Last error", e)));
        s.nextRenewal().ifPresent(t -> facts.add(fact("nextAttempt", "Next attempt", Texts.time(t))));
        return alert(AlertKind.EXPIRING, s.name(), s.name() + ": expires in " + Texts.daysLeft(now, notAfter)
                .replace(" left", "") + ", not renewed", facts,
                "Repeated daily until the certificate is renewed.");
    }

    private Optional<CertificateStatus> status(String certificate) {
        return statuses.get().stream().filter(s -> s.name().equals(certificate)).findFirst();
    }

    private Alert alert(AlertKind kind, String certificate, String summary, List<Alert.Fact> facts, String note) {
        return new Alert(kind, certificate, summary, facts, note, clock.instant(), host);
    }

    private static Alert.Fact fact(String key, String label, String value) {
        return new Alert.Fact(key, label, value);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unknown host";
        }
    }
}
