/**
 * Alerts that reach a person: {@link io.sidecert.observe.alert.Alerts} decides (once per change of state),
 * channels deliver (e-mail over SMTP with Angus Mail; webhooks as JSON, Slack or Teams payloads) on a thread of
 * their own.
 */
package io.sidecert.observe.alert;
