package io.sidecert.renew;

import static java.util.Objects.requireNonNull;

import io.sidecert.config.CertificateSpec;
import io.sidecert.renew.RenewalDecision.Reason;
import io.sidecert.store.CertificateFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a certificate is due for renewal: because there is none, because the configuration asks for
 * a different one, because the CA's renewal information says so, or because it is running out.
 *
 * <p>A pure function of its arguments, so the orchestrator can ask again after taking the certificate's lock
 * and get the same answer, and every rule has a table test. Rules are tried in the order of
 * {@link Reason}; the first that matches names the decision.
 */
public final class RenewalPolicy {

    public RenewalDecision decide(
            CertificateSpec spec, Optional<CertificateFacts> current, Optional<Instant> ariRenewalTime, Instant now) {
        requireNonNull(spec, "spec");
        requireNonNull(ariRenewalTime, "ariRenewalTime");
        requireNonNull(now, "now");
        if (current.isEmpty()) {
            return new RenewalDecision(Reason.NO_CERTIFICATE, now, "no certificate yet", Optional.empty());
        }
        CertificateFacts cert = current.get();
        RenewBefore renewBefore = RenewBefore.of(spec.renewBefore(), cert.lifetime());
        return configChange(spec, cert, now, renewBefore)
                .orElseGet(() -> byTime(cert, renewBefore, ariRenewalTime, now));
    }

    private static Optional<RenewalDecision> configChange(
            CertificateSpec spec, CertificateFacts cert, Instant now, RenewBefore renewBefore) {
        Optional<RenewalDecision> names = namesChange(spec, cert)
                .map(detail -> new RenewalDecision(Reason.NAMES_CHANGED, now, detail, renewBefore.warning()));
        return names.or(() -> keyTypeChange(spec, cert)
                .map(detail -> new RenewalDecision(Reason.KEY_TYPE_CHANGED, now, detail, renewBefore.warning())));
    }

    // The order of subjectAltNames means nothing (Let's Encrypt sorts them), but the subject does: it is the
    // first configured name, compared with the certificate's CN when the CA put one in.
    private static Optional<String> namesChange(CertificateSpec spec, CertificateFacts cert) {
        Set<String> wanted = lowerCase(spec.domains());
        Set<String> issued = lowerCase(cert.domains());
        if (!wanted.equals(issued)) {
            return Optional.of("names changed (config has " + String.join(", ", wanted)
                    + "; certificate has " + String.join(", ", issued) + ")");
        }
        return cert.commonName()
                .filter(cn -> !cn.equalsIgnoreCase(spec.subject()))
                .map(cn -> "subject changed (config has " + spec.subject() + " first; certificate is for " + cn + ")");
    }

    private static Optional<String> keyTypeChange(CertificateSpec spec, CertificateFacts cert) {
        if (cert.keyType().isEmpty()) {
            return Optional.of("key type changed (config has " + spec.keyType().configName()
                    + "; certificate has a key of a type sidecert does not issue)");
        }
        return cert.keyType()
                .filter(issued -> issued != spec.keyType())
                .map(issued -> "key type changed (config has " + spec.keyType().configName()
                        + "; certificate has " + issued.configName() + ")");
    }

    private static RenewalDecision byTime(
            CertificateFacts cert, RenewBefore renewBefore, Optional<Instant> ari, Instant now) {
        Timing timing = new Timing(cert.notAfter(), renewBefore.duration(), ari, now);
        Reason reason = timing.reason();
        return new RenewalDecision(reason, timing.renewAt(), timing.detail(reason), renewBefore.warning());
    }

    private static Set<String> lowerCase(List<String> names) {
        Set<String> set = new TreeSet<>();
        names.forEach(name -> set.add(name.toLowerCase(Locale.ROOT)));
        return set;
    }

    /** Where now stands relative to a certificate's expiry and the CA's suggested renewal time. */
    private record Timing(Instant notAfter, Duration renewBefore, Optional<Instant> ari, Instant now) {

        Instant expiring() {
            return notAfter.minus(renewBefore);
        }

        Instant renewAt() {
            return ari.filter(time -> time.isBefore(expiring())).orElse(expiring());
        }

        // Expired before ARI: once a certificate has expired, that is what an operator needs to read first.
        Reason reason() {
            if (!now.isBefore(notAfter)) {
                return Reason.EXPIRED;
            }
            if (ari.filter(time -> !now.isBefore(time)).isPresent()) {
                return Reason.ARI_WINDOW_OPEN;
            }
            return now.isBefore(expiring()) ? Reason.NOT_DUE : Reason.EXPIRING;
        }

        String detail(Reason reason) {
            String left = TimeText.left(Duration.between(now, notAfter));
            return switch (reason) {
                case EXPIRED -> "expired at " + TimeText.instant(notAfter);
                case ARI_WINDOW_OPEN -> "the CA suggests renewing from " + TimeText.instant(ari.orElseThrow())
                        + " (ARI), " + left;
                case EXPIRING -> left + ", renew-before is " + TimeText.compact(renewBefore);
                default -> "renews at " + TimeText.instant(renewAt()) + ", " + left;
            };
        }
    }
}
