package io.sidecert.acme;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * acme4j's {@link HttpClient}, with each request's endpoint, status and latency reported to an
 * {@link AcmeRequestListener}. acme4j 4.0 sends every request of a session through the one client its
 * provider creates, so this sees them all: directory, nonces, JWS posts, downloads. It also keeps each error
 * answer's {@code Retry-After} in {@link CaRetryAfter}, which acme4j drops unless the problem is a rate limit.
 */
final class ObservedHttpClient extends HttpClient {
    private final HttpClient delegate;
    private final AcmeEndpoints endpoints;
    private final AcmeRequestListener listener;
    private final CaRetryAfter retryAfter;

    ObservedHttpClient(HttpClient delegate, AcmeEndpoints endpoints, AcmeRequestListener listener,
            CaRetryAfter retryAfter) {
        this.delegate = delegate;
        this.endpoints = endpoints;
        this.listener = listener;
        this.retryAfter = retryAfter;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        try {
            HttpResponse<T> response = delegate.send(request, handler);
            retryAfter.answered(response);
            report(request, Integer.toString(response.statusCode()), start);
            return response;
        } catch (IOException e) {
            retryAfter.noAnswer();
            report(request, "io_error", start);
            throw e;
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return observe(request, delegate.sendAsync(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return observe(request, delegate.sendAsync(request, handler, pushPromiseHandler));
    }

    private <T> CompletableFuture<HttpResponse<T>> observe(HttpRequest request,
            CompletableFuture<HttpResponse<T>> future) {
        long start = System.nanoTime();
        return future.whenComplete((response, failure) ->
                report(request, response != null ? Integer.toString(response.statusCode()) : "io_error", start));
    }

    private void report(HttpRequest request, String status, long start) {
        try {
            listener.completed(endpoints.name(request.uri()), request.method(), status,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // Metrics must never fail an order.
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
