package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateState;
import io.sidecert.store.RenewalWindow;
import io.sidecert.store.StoredCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each certificate's ARI window fresh (asking no more often than the CA's Retry-After allows)
 * and the random renewal time picked inside it stable across checks. ARI is advice: when the CA
 * cannot be asked, the lifetime-based rule still renews in time.
 */
public final class AriTracker {
    private static final Logger LOG = LoggerFactory.getLogger(AriTracker.class);
    /** How often to ask when the CA gives no Retry-After (RFC 9773 suggests about every 6 hours). */
    private static final Duration DEFAULT_POLL = Duration.ofHours(6);

    private final RenewalInfoClient client;
    private final RandomGenerator random;

    public AriTracker(RenewalInfoClient client, RandomGenerator random) {
        this.client = requireNonNull(client, "client");
        this.random = requireNonNull(random, "random");
    }

    /** The state with a current window and chosen time, or unchanged when nothing is stored or ARI is off. */
    CertificateState refresh(CertificateSpec spec, Optional<StoredCertificate> current, CertificateState state,
            Instant now) {
        if (current.isEmpty()) {
            return state;
        }
        if (state.windowCheckAfter().isPresent() && now.isBefore(state.windowCheckAfter().get())) {
            return state;
        }
        try {
            Optional<RenewalInfoClient.Answer> answer = client.fetch(spec, current.get().material().leaf());
            if (answer.isEmpty()) {
                return withWindow(state, Optional.empty(), now.plus(Duration.ofDays(1)), Optional.empty());
            }
            RenewalWindow window = answer.get().window();
            Instant askAgain = answer.get().askAgainAfter().filter(t -> t.isAfter(now)).orElse(now.plus(DEFAULT_POLL));
            Optional<Instant> chosen = state.chosenRenewalTime().filter(t -> AriRenewalTime.stillValid(t, window));
            Instant renewAt = chosen.orElseGet(() -> AriRenewalTime.pick(window, now, random));
            return withWindow(state, Optional.of(window), askAgain, Optional.of(renewAt));
        } catch (AcmeFailure e) {
            LOG.warn("{} (renewal falls back to the certificate's lifetime)", e.getMessage());
            return state;
        }
    }

    private static CertificateState withWindow(CertificateState s, Optional<RenewalWindow> window, Instant askAgain,
            Optional<Instant> chosen) {
        return new CertificateState(s.name(), s.lastAttempt(), s.lastOutcome(), s.lastError(), s.consecutiveFailures(),
                s.lastSuccess(), s.nextAttempt(), window, Optional.of(askAgain), chosen);
    }
}
