package io.sidecert.observe.alert;

/** A state of a certificate worth one alert when it begins and one when it ends. */
public enum Condition {
    /** The last renewal attempt failed. */
    RENEWAL_FAILED,
    /** Within the warning time of expiry and not renewed; re-alerted daily while it lasts. */
    EXPIRING,
    /** Telling a proxy about the new certificate failed (per target). */
    RELOAD_FAILED,
    /** A proxy serves an older certificate than the stored one (per target). */
    STALE_CERTIFICATE
}
