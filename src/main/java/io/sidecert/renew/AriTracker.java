package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AcmeFailure;
import io.sidecert.acme.CertificateAuthority;
import io.sidecert.acme.RenewalInfoClient;
import io.sidecert.config.CertificateSpec;
import io.sidecert.store.CertificateState;
import io.sidecert.store.LiveVersion;
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
    /** A CA's Retry-After is honoured within these bounds: not hammered, and never forgotten for long. */
    private static final Duration MIN_POLL = Duration.ofMinutes(1);
    private static final Duration MAX_POLL = Duration.ofDays(1);
    /** After a failed request, ask again only this much later; the lifetime rule covers the gap. */
    private static final Duration AFTER_FAILURE = Duration.ofHours(1);

    private final CertificateAuthority ca;
    private final RandomGenerator random;

    public AriTracker(CertificateAuthority ca, RandomGenerator random) {
        this.ca = requireNonNull(ca, "ca");
        this.random = requireNonNull(random, "random");
    }

    /**
     * Whether {@link #refresh} would change anything: a certificate is live and it is time to ask the CA, or the
     * chosen time belongs to a predecessor. When not, a routine check needs neither the CA nor the key material.
     */
    boolean wouldRefresh(Optional<LiveVersion> live, CertificateState state, Instant now) {
        if (live.isEmpty() || live.get().placeholder()) {
            return false;
        }
        boolean askNow = state.windowCheckAfter().map(after -> !now.isBefore(after)).orElse(true);
        return askNow || isStale(state, live.get().facts().notBefore());
    }

    /** The state with a current window and chosen time, or unchanged when nothing is stored or ARI is off. */
    CertificateState refresh(CertificateSpec spec, Optional<StoredCertificate> current, CertificateState state,
            Instant now) {
        if (current.isEmpty()) {
            return state;
        }
        state = forgetIfStale(state, current.get());
        if (state.windowCheckAfter().isPresent() && now.isBefore(state.windowCheckAfter().get())) {
            return state;
        }
        try {
            Optional<RenewalInfoClient.Answer> answer = ca.renewalInfo(spec, current.get().material().leaf());
            if (answer.isEmpty()) {
                return state.withRenewalInfo(Optional.empty(), Optional.of(now.plus(MAX_POLL)), Optional.empty());
            }
            RenewalWindow window = answer.get().window();
            Instant askAgain = clamp(answer.get().askAgainAfter().orElse(now.plus(DEFAULT_POLL)), now);
            Optional<Instant> chosen = state.chosenRenewalTime().filter(t -> AriRenewalTime.stillValid(t, window));
            Instant renewAt = chosen.orElseGet(() -> AriRenewalTime.pick(window, now, random));
            return state.withRenewalInfo(Optional.of(window), Optional.of(askAgain), Optional.of(renewAt));
        } catch (AcmeFailure e) {
            LOG.warn("{} (renewal falls back to the certificate's lifetime)", e.getMessage());
        } catch (RuntimeException e) {
            // A malformed answer (say, a window ending before it starts) must not block the lifetime rule.
            LOG.warn("[{}] renewal info: unusable answer from the CA: {} (renewal falls back to the certificate's"
                    + " lifetime)", spec.name(), e.getMessage());
        }
        return state.withRenewalInfo(state.renewalWindow(), Optional.of(now.plus(AFTER_FAILURE)),
                state.chosenRenewalTime());
    }

    /**
     * A time chosen before the live certificate was issued belongs to its predecessor (a crash between storing
     * and recording, or a certificate replaced outside sidecert): following it would renew a fresh certificate.
     */
    private static CertificateState forgetIfStale(CertificateState state, StoredCertificate current) {
        return isStale(state, current.facts().notBefore())
                ? state.withRenewalInfo(Optional.empty(), Optional.empty(), Optional.empty())
                : state;
    }

    private static boolean isStale(CertificateState state, Instant issued) {
        return state.chosenRenewalTime().filter(t -> t.isBefore(issued)).isPresent();
    }

    private static Instant clamp(Instant askAgain, Instant now) {
        if (askAgain.isBefore(now.plus(MIN_POLL))) {
            return now.plus(MIN_POLL);
        }
        return askAgain.isAfter(now.plus(MAX_POLL)) ? now.plus(MAX_POLL) : askAgain;
    }
}
