/**
 * sidecert's health for {@code /health} and {@code sidecert health}: {@link io.sidecert.observe.health.Health}
 * collects {@link io.sidecert.observe.health.HealthContributor}s, each returning what it finds wrong. Proxy reloads
 * add Docker's reachability as one more contributor.
 */
package io.sidecert.observe.health;
