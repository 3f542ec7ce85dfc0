package io.sidecert.observe;

import io.sidecert.event.RenewalEvent;
import io.sidecert.event.RenewalListener;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One log line per event, with the certificate name first, so {@code grep '\[shop\]'} tells its story. The name is
 * also in the MDC as {@code certificate}, which the JSON log format writes as a field of its own.
 */
public final class LogListener implements RenewalListener {
    private static final Logger LOG = LoggerFactory.getLogger("sidecert");

    @Override
    public void on(RenewalEvent event) {
        if (event.certificate().isEmpty()) {
            log(event);
            return;
        }
        MDC.put("certificate", event.certificate());
        try {
            log(event);
        } finally {
            MDC.remove("certificate");
        }
    }

    private static void log(RenewalEvent event) {
        // Java 17 has no pattern switch; the sealed interface still keeps this list complete by review.
        if (event instanceof RenewalEvent.Renewed r) {
            LOG.info("[{}] renewed ({}): version {}, serial {}, valid until {}, names {}{}",
                    r.certificate(), r.reason(), r.version(), r.serial().toString(16), r.notAfter(), r.domains(),
                    r.replaced().map(id -> ", replacing " + id + " (ARI)").orElse(""));
        } else if (event instanceof RenewalEvent.StoredElsewhere e) {
            LOG.info("[{}] version {} (serial {}) was stored by another sidecert (another cluster node, or beside this one on the shared volume); the local"
                    + " proxies are told now", e.certificate(), e.version(), e.serial().toString(16));
        } else if (event instanceof RenewalEvent.NotDue n) {
            // Thousands of these per pass say nothing new: the pass's summary line counts them.
            LOG.debug("[{}] not due: valid until {}, renews at {}", n.certificate(), n.notAfter(), n.renewAt());
        } else if (event instanceof RenewalEvent.Deferred d) {
            LOG.debug("[{}] due, but waiting until {} after: {}", d.certificate(), d.nextAttempt(), d.lastError());
        } else if (event instanceof RenewalEvent.WaitingForBudget w) {
            LOG.info("[{}] due, waiting for the order budget until {}", w.certificate(), w.until());
        } else if (event instanceof RenewalEvent.Failed f) {
            LOG.error("{} (failure {} in a row; next attempt {})", f.message(), f.consecutiveFailures(),
                    f.nextAttempt().map(Instant::toString).orElse("at the next check"));
        } else if (event instanceof RenewalEvent.NoLongerConfigured n) {
            LOG.info("no longer configured: {} (files kept; `sidecert delete {}` removes them)", n.certificate(),
                    n.certificate());
        } else if (event instanceof RenewalEvent.TakenOver t) {
            LOG.info("[{}] took over the certificate stored as '{}' (same names, no longer configured): version {},"
                    + " serial {}, no new order; live/{} and archive/{} are removed, point the proxy at live/{}",
                    t.certificate(), t.from(), t.version(), t.serial().toString(16), t.from(), t.from(),
                    t.certificate());
        } else if (event instanceof RenewalEvent.Deleted d) {
            LOG.info("[{}] deleted: removed {} and its state", d.certificate(), d.removed());
        } else if (event instanceof RenewalEvent.Warning w) {
            LOG.warn("[{}] {}", w.certificate(), w.message());
        } else if (event instanceof RenewalEvent.Reloaded r) {
            LOG.info("[reload {}] done for {}: {}", r.target(), r.certificates(), r.how());
        } else if (event instanceof RenewalEvent.ReloadFailed f) {
            LOG.error("[reload {}] {}", f.target(), f.reason());
        } else if (event instanceof RenewalEvent.ServedCertificate s) {
            logServed(s);
        } else if (event instanceof RenewalEvent.CheckCompleted c) {
            LOG.info("check done in {} ms: {} certificate(s), {} renewed, {} failed{}",
                    c.took().toMillis(), c.total(), c.renewed(), c.failed(),
                    c.next().map(next -> "; next: " + next).orElse(""));
        }
    }

    private static void logServed(RenewalEvent.ServedCertificate s) {
        if (s.ok()) {
            LOG.info("[{}] {} serves the new certificate: {}", s.certificate(), s.target(), s.detail());
        } else {
            LOG.warn("[{}] {} does not serve the new certificate: {}", s.certificate(), s.target(), s.detail());
        }
    }
}
