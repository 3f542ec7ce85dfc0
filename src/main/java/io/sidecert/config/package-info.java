/**
 * Turns HOCON files and {@code SIDECERT_*} environment variables into validated, immutable records.
 *
 * <p>{@link io.sidecert.config.ConfigLoader} is the only entry point. Everything it finds wrong is
 * collected and thrown at once in a {@link io.sidecert.config.ConfigException}, because a person
 * fixing a config file should not have to restart the daemon once per typo. Defaults live in
 * {@code reference.conf} and nowhere else.
 *
 * <p>Nothing in this package is null: absent values are {@link java.util.Optional}.
 */
package io.sidecert.config;
