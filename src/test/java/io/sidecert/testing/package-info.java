/**
 * Test fixtures that give integration tests a real ACME CA: {@link io.sidecert.testing.PebbleCa} (Pebble 2.10
 * in Docker) validating HTTP-01 for real through the nginx of its {@link io.sidecert.testing.ChallengeSite}.
 *
 * <pre>{@code
 * @Tag("container")
 * class RenewsOverHttp01Test {
 *     @RegisterExtension
 *     static final PebbleCaExtension PEBBLE = new PebbleCaExtension(PebbleOptions.defaults());
 *
 *     @Test
 *     void issuesIntoTheWebroot() throws Exception {
 *         PebbleCa ca = PEBBLE.ca();
 *         Session session = new TrustingSessionFactory().open(ca.directoryUrl(), Optional.of(ca.trustPem()));
 *         // ... run sidecert with webroot = ca.site().webroot(), or standalone on ca.site().responderPort(),
 *         // order with .profile(PebbleOptions.DEFAULT_PROFILE), then check the chain against ca.issuingRoots()
 *     }
 * }
 * }</pre>
 *
 * <p>Everything runs on this machine: images are built from {@code src/test/docker} on top of the local
 * {@code debian:bookworm-slim} and never pulled; each {@code PebbleCa} has its own Docker network, and only
 * Pebble's ports and nginx's port 80 are mapped, to {@code localhost}. Starting one takes about 1 s (2.5 s for
 * the first in a JVM); an HTTP-01 issuance 50 ms, or 3 s when acme4j polls a challenge before it is done.
 */
package io.sidecert.testing;
