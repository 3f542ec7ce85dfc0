package io.sidecert.observe.admin;

import static java.util.Objects.requireNonNull;

import io.sidecert.renew.CertificateStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One certificate as the status page and {@code /status} show it: its status, plus where it stands in its
 * lifetime (fractions from 0 at notBefore to 1 at notAfter) and a one-word state.
 *
 * @param lifetimeUsed how much of the lifetime has passed, 0..1
 * @param renewalAt    where in the lifetime the renewal point lies, 0..1
 * @param state        ok, due (renewal point passed), expiring, expired, failing, missing (none stored yet) or
 *                     not-configured (stored, but no longer in the configuration: never renewed)
 */
record CertificateView(CertificateStatus status, Optional<Double> lifetimeUsed, Optional<Double> renewalAt,
        String state) {

    CertificateView {
        requireNonNull(status, "status");
        requireNonNull(lifetimeUsed, "lifetimeUsed");
        requireNonNull(renewalAt, "renewalAt");
        requireNonNull(state, "state");
    }

    static List<CertificateView> of(List<CertificateStatus> statuses, Instant now, Duration expiringWithin) {
        return statuses.stream().map(s -> of(s, now, expiringWithin)).toList();
    }

    static CertificateView of(CertificateStatus s, Instant now, Duration expiringWithin) {
        Optional<Double> used = fraction(s, now);
        Optional<Double> renewal = s.renewalPoint().flatMap(point -> fraction(s, point));
        return new CertificateView(s, used, renewal, state(s, now, expiringWithin));
    }

    private static String state(CertificateStatus s, Instant now, Duration expiringWithin) {
        if (s.standing() == CertificateStatus.Standing.NOT_CONFIGURED) {
            return "not-configured";
        }
        if (s.notAfter().isEmpty()) {
            return s.failing() ? "failing" : "missing";
        }
        Instant notAfter = s.notAfter().get();
        if (!now.isBefore(notAfter)) {
            return "expired";
        }
        if (s.failing()) {
            return "failing";
        }
        if (Duration.between(now, notAfter).compareTo(expiringWithin) <= 0) {
            return "expiring";
        }
        return s.renewalPoint().filter(point -> !now.isBefore(point)).isPresent() ? "due" : "ok";
    }

    private static Optional<Double> fraction(CertificateStatus s, Instant at) {
        if (s.notBefore().isEmpty() || s.notAfter().isEmpty()) {
            return Optional.empty();
        }
        double total = Duration.between(s.notBefore().get(), s.notAfter().get()).toMillis();
        if (total <= 0) {
            return Optional.empty();
        }
        double part = Duration.between(s.notBefore().get(), at).toMillis() / total;
        return Optional.of(Math.max(0, Math.min(1, part)));
    }
}
