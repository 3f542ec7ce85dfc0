/**
 * Who listens to what happens, and how people find out: logs ({@link io.sidecert.observe.LogListener},
 * {@link io.sidecert.observe.LogSetup}), the daemon's check rhythm ({@link io.sidecert.observe.CheckActivity}),
 * and in sub-packages the metrics, health, alerts and the admin port that serves them.
 *
 * <pre>
 * RenewalEvents --+-- LogListener           one line per event
 *                 +-- metrics.SidecertMetrics  counters, timers; gauges read from StatusReport per scrape
 *                 +-- alert.Alerts          one alert per change of state, kept in &lt;state&gt;/alerts.json
 *                 +-- CheckActivity         is the scheduler still running? (health)
 * admin.AdminServer: /metrics /health /status /   (health.Health: CertificateHealth, CheckActivity, seams)
 * </pre>
 *
 * <p>Nothing here is called by the renewal engine: it only subscribes to {@link io.sidecert.event.RenewalEvent}s
 * and reads {@link io.sidecert.renew.StatusReport}. Nothing here may throw into a renewal or hold one up. Parameters
 * and return values are never null; absence is an {@link java.util.Optional}.
 */
package io.sidecert.observe;
