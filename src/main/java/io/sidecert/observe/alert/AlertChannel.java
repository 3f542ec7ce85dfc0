package io.sidecert.observe.alert;

import java.io.IOException;

/** Somewhere alerts go: an e-mail account, a webhook. */
public interface AlertChannel {

    /** Delivers the alert, or throws saying why not; the caller logs it and never lets it reach a renewal. */
    void send(Alert alert) throws IOException;

    /** Safe to log: no password, no webhook token, e.g. {@code e-mail via smtp.example.com:587}. */
    String describe();

    /** The channel's kind for metrics: {@code email} or {@code webhook}. */
    String kind();
}
