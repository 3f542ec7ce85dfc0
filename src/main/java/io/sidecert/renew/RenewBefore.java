package io.sidecert.renew;

import java.time.Duration;
import java.util.Optional;

/**
 * How long before expiry a certificate is renewed: the configured renew-before, or one derived from the
 * certificate's lifetime; never more than half of the lifetime, or every fresh certificate would be due at once.
 *
 * @param warning set when the configured value had to be capped
 */
record RenewBefore(Duration duration, Optional<String> warning) {

    private static final Duration AT_MOST = Duration.ofDays(30);
    private static final Duration SHORT_LIVED = Duration.ofDays(10);

    static RenewBefore of(Optional<Duration> configured, Duration lifetime) {
        if (configured.isEmpty()) {
            return new RenewBefore(derived(lifetime), Optional.empty());
        }
        Duration wanted = configured.get();
        Duration half = lifetime.dividedBy(2);
        if (wanted.compareTo(half) <= 0) {
            return new RenewBefore(wanted, Optional.empty());
        }
        return new RenewBefore(half, Optional.of("renew-before " + TimeText.compact(wanted)
                + " is more than half of the " + TimeText.lifetime(lifetime) + " lifetime; using "
                + TimeText.compact(half) + " so the certificate does not renew in a loop"));
    }

    /**
     * A third of the lifetime and at most 30 days, as cert-manager and certmagic do; half for short-lived
     * certificates, whose third would leave too little time to retry a failure.
     */
    static Duration derived(Duration lifetime) {
        if (lifetime.compareTo(SHORT_LIVED) < 0) {
            return lifetime.dividedBy(2);
        }
        Duration third = lifetime.dividedBy(3);
        return third.compareTo(AT_MOST) < 0 ? third : AT_MOST;
    }
}
