package io.sidecert.observe.alert;

/** What an alert is about; {@link #event()} is its name in webhook payloads. */
public enum AlertKind {
    RENEWAL_FAILED("renewal_failed", Severity.CRITICAL),
    EXPIRING("expiring", Severity.CRITICAL),
    RELOAD_FAILED("reload_failed", Severity.CRITICAL),
    STALE_CERTIFICATE("stale_certificate", Severity.CRITICAL),
    RECOVERED("recovered", Severity.RESOLVED),
    RENEWED("renewed", Severity.INFO),
    DIGEST("digest", Severity.INFO);

    private final String event;
    private final Severity severity;

    AlertKind(String event, Severity severity) {
        this.event = event;
        this.severity = severity;
    }

    public String event() {
        return event;
    }

    public Severity severity() {
        return severity;
    }

    /** How urgent: webhooks carry it, chat payloads pick their colour by it. */
    public enum Severity {
        CRITICAL,
        RESOLVED,
        INFO;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
