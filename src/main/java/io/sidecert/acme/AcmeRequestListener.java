package io.sidecert.acme;

import java.time.Duration;

/**
 * Told about every HTTP request sidecert makes to a CA, for metrics. Called on the requesting thread:
 * must be quick; whatever it throws is dropped so that it never fails an order.
 */
@FunctionalInterface
public interface AcmeRequestListener {
    AcmeRequestListener NONE = (endpoint, method, status, took) -> { };

    /**
     * @param endpoint the ACME resource: {@code directory}, {@code new-nonce}, {@code new-account},
     *                 {@code new-order}, {@code renewal-info}, {@code revoke-cert}, {@code key-change} (from the
     *                 directory), or {@code order}, {@code finalize}, {@code authorization}, {@code challenge},
     *                 {@code certificate}, {@code account}, {@code other} (from the URL's path)
     * @param status   the HTTP status code, or {@code io_error} when no response came
     */
    void completed(String endpoint, String method, String status, Duration took);
}
