/**
 * Telling proxies about renewed certificates: find the proxy containers through the Docker API, run their
 * config test, reload them (a signal or a command), then check over TLS that they serve the new certificate.
 * Proxies outside Docker are told by commands sidecert runs itself ({@link io.sidecert.deploy.CommandReload},
 * {@code reload.commands}), with the same test-then-reload contract, pending state and health.
 *
 * <p>{@link io.sidecert.deploy.ProxyReloader} listens to renewal events and does this once per target per
 * check. Docker is behind {@link io.sidecert.deploy.ContainerEngine}, sidecert's own seam, with
 * {@link io.sidecert.deploy.DockerEngine} (docker-java) as its one real implementation. Which containers a
 * configuration means is a pure function ({@link io.sidecert.deploy.TargetSelection}). Nothing here throws
 * out of a listener: Docker being unreachable, a proxy missing or its config broken are events and a
 * {@link io.sidecert.deploy.ReloadStatus}, and renewals go on.
 *
 * <p>Nothing in this package is null: absent values are {@link java.util.Optional}.
 */
package io.sidecert.deploy;
