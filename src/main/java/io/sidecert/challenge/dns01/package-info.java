/**
 * DNS-01: proving control of a name with a TXT record at {@code _acme-challenge.<name>}, the only challenge
 * that proves wildcards and names no HTTP request reaches.
 *
 * <p>{@link io.sidecert.challenge.dns01.Dns01Solver} does what every DNS service shares: names and values,
 * CNAME delegation, waiting for every authoritative nameserver; a {@link io.sidecert.challenge.dns01.DnsProvider}
 * does only the writing, one sub-package per service ({@code rfc2136}, {@code cloudflare}, {@code exec}).
 * Providers depend on this package, never the other way round; {@code cli} picks them from the configuration.
 */
package io.sidecert.challenge.dns01;
