package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a {@link PebbleCa} behaves. Start from {@link #defaults()} and change what a test is about:
 * <pre>{@code
 * PebbleOptions.defaults().withNonceRejectPercent(20).withEabRequired(Map.of("kid-1", hmac))
 * }</pre>
 *
 * <p>Certificate lifetimes come from profiles only: Pebble 2.10 ignores the top-level
 * {@code certificateValidityPeriod} (without profiles it makes a 90-day {@code default} profile), and an
 * order that names no profile gets <em>a random one</em> of those configured (seen: 6 and 90 days
 * alternating). So name the profile in every order whose lifetime matters, or configure a single profile
 * with {@link #withCertificateValidity}.
 *
 * @param nonceRejectPercent {@code PEBBLE_WFE_NONCEREJECT}: share of good nonces rejected as {@code badNonce}
 * @param authzReusePercent  {@code PEBBLE_AUTHZREUSE}: how often a valid authorization is reused for a new
 *                           order. 0 by default (Pebble's own default is 50) so that every order needs a
 *                           challenge and tests of challenge solving are deterministic
 * @param eabRequired        {@code externalAccountBindingRequired}
 * @param eabKeys            {@code externalAccountMACKeys}: key id to base64url HMAC key
 * @param profiles           certificate profiles by name, in directory order; at least one
 * @param retryAfter         the {@code Retry-After} Pebble sends for pending authorizations and orders, in
 *                           whole seconds (challenges get none: acme4j then polls them every 3 s)
 * @param vaNoSleep          {@code PEBBLE_VA_NOSLEEP}: skip the VA's random 0–15 s delay before validating
 */
public record PebbleOptions(
        int nonceRejectPercent,
        int authzReusePercent,
        boolean eabRequired,
        Map<String, String> eabKeys,
        Map<String, Profile> profiles,
        Duration retryAfter,
        boolean vaNoSleep) {

    /** The name of the 90-day profile in {@link #defaults()}, and of the only one after {@link #withCertificateValidity}. */
    public static final String DEFAULT_PROFILE = "default";
    /** The name of the 6-day profile in {@link #defaults()}. */
    public static final String SHORTLIVED_PROFILE = "shortlived";

    public PebbleOptions {
        requirePercent(nonceRejectPercent, "nonceRejectPercent");
        requirePercent(authzReusePercent, "authzReusePercent");
        eabKeys = Map.copyOf(eabKeys);
        profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        requireNonNull(retryAfter, "retryAfter");
        if (eabRequired && eabKeys.isEmpty()) {
            throw new IllegalArgumentException("EAB required but no EAB keys given");
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("at least one profile is needed: Pebble would invent a 90-day one");
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("negative retryAfter " + retryAfter);
        }
    }

    /** A certificate profile, as Pebble announces it in the directory's {@code meta.profiles}. */
    public record Profile(String description, Duration validity) {
        public Profile {
            requireNonNull(description, "description");
            requireNonNull(validity, "validity");
            if (validity.toSeconds() < 1) {
                throw new IllegalArgumentException("validity must be at least 1 s, was " + validity);
            }
        }
    }

    /**
     * Like Let's Encrypt today: profiles {@value #DEFAULT_PROFILE} (90 days) and {@value #SHORTLIVED_PROFILE}
     * (6 days), 5 % bad nonces (Pebble's default), no authorization reuse, no EAB, 1 s Retry-After, no VA sleep.
     */
    public static PebbleOptions defaults() {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        profiles.put(DEFAULT_PROFILE, new Profile("90-day certificates", Duration.ofDays(90)));
        profiles.put(SHORTLIVED_PROFILE, new Profile("6-day certificates", Duration.ofDays(6)));
        return new PebbleOptions(5, 0, false, Map.of(), profiles, Duration.ofSeconds(1), true);
    }

    /**
     * Every certificate lives {@code validity}: replaces the profiles by a single {@value #DEFAULT_PROFILE} one,
     * which orders that name no profile get too.
     */
    public PebbleOptions withCertificateValidity(Duration validity) {
        return withProfiles(Map.of(DEFAULT_PROFILE, new Profile("certificates valid " + validity, validity)));
    }

    public PebbleOptions withNonceRejectPercent(int percent) {
        return new PebbleOptions(percent, authzReusePercent, eabRequired, eabKeys, profiles, retryAfter, vaNoSleep);
    }

    public PebbleOptions withAuthzReusePercent(int percent) {
        return new PebbleOptions(nonceRejectPercent, percent, eabRequired, eabKeys, profiles, retryAfter, vaNoSleep);
    }

    /** Requires external account binding, accepting the given key ids (kid to base64url HMAC key). */
    public PebbleOptions withEabRequired(Map<String, String> keys) {
        return new PebbleOptions(nonceRejectPercent, authzReusePercent, true, keys, profiles, retryAfter, vaNoSleep);
    }

    /** Replaces the profiles (at least one; iteration order is the directory's order). */
    public PebbleOptions withProfiles(Map<String, Profile> newProfiles) {
        return new PebbleOptions(nonceRejectPercent, authzReusePercent, eabRequired, eabKeys, newProfiles, retryAfter,
                vaNoSleep);
    }

    public PebbleOptions withRetryAfter(Duration delay) {
        return new PebbleOptions(nonceRejectPercent, authzReusePercent, eabRequired, eabKeys, profiles, delay,
                vaNoSleep);
    }

    public PebbleOptions withVaNoSleep(boolean noSleep) {
        return new PebbleOptions(nonceRejectPercent, authzReusePercent, eabRequired, eabKeys, profiles, retryAfter,
                noSleep);
    }

    private static void requirePercent(int value, String name) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException(name + " must be 0..100, was " + value);
        }
    }
}
