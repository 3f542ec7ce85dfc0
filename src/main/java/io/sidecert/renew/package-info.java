/**
 * Deciding when a certificate is renewed, and driving the renewal.
 *
 * <p>The decisions here ({@link io.sidecert.renew.RenewalPolicy}, {@link io.sidecert.renew.RetryPolicy},
 * {@link io.sidecert.renew.AriRenewalTime}) are pure: they read no clock, touch no file and draw no randomness
 * of their own, so every rule is pinned down by a table test. Parameters and return values are never null;
 * absence is an {@link java.util.Optional}.
 */
package io.sidecert.renew;
