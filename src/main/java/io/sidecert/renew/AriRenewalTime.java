package io.sidecert.renew;

import io.sidecert.store.RenewalWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Picks the instant inside the CA's suggested renewal window (ACME Renewal Information) at which a certificate
 * is renewed, and tells whether an earlier pick still holds.
 *
 * <p>RFC 9773 §4.2 asks for a uniformly random time in the window, so that certificates the CA wants replaced
 * together (after a mass revocation, say) do not all come back at the same moment. The pick is kept in
 * {@code CertificateState} across checks; drawing anew at every check would pull renewals towards the start
 * of the window.
 */
public final class AriRenewalTime {

    private AriRenewalTime() {
    }

    /** A uniform instant in the part of the window not yet past; {@code now} when all of it is past. */
    public static Instant pick(RenewalWindow window, Instant now, RandomGenerator random) {
        if (now.isAfter(window.end())) {
            return now;
        }
        Instant from = now.isAfter(window.start()) ? now : window.start();
        long spanMillis = Duration.between(from, window.end()).toMillis();
        return from.plusMillis(random.nextLong(spanMillis + 1));
    }

    /** Whether an earlier pick still lies in the window, which the CA may have moved since. */
    public static boolean stillValid(Instant chosen, RenewalWindow window) {
        return !chosen.isBefore(window.start()) && !chosen.isAfter(window.end());
    }
}
