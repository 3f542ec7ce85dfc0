package io.sidecert.challenge.http01;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sidecert.challenge.ChallengeSolver;
import io.sidecert.challenge.ChallengeTask;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * sidecert's own HTTP-01 responder, for proxies that forward {@code /.well-known/acme-challenge/} to it.
 * It answers only tokens of challenges in flight and 404s everything else, so it discloses nothing.
 */
public final class StandaloneResponder implements ChallengeSolver, AutoCloseable {
    private static final String PREFIX = "/.well-known/acme-challenge/";

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    private StandaloneResponder(HttpServer server) {
        this.server = server;
    }

    /**
     * Requests served at once. The JDK's server reads a request's headers on the thread that serves it, so a
     * handful of clients sending headers slowly must not be able to occupy every thread while the CA's
     * validation waits; past this many, a new connection is closed instead of queued.
     */
    static final int MAX_CONCURRENT = 32;

    /** Binds and starts the responder; port 0 picks a free port (see {@link #port()}). */
    public static StandaloneResponder start(String bindAddress, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        StandaloneResponder responder = new StandaloneResponder(server);
        server.createContext("/", responder::handle);
        AtomicInteger threads = new AtomicInteger();
        server.setExecutor(new ThreadPoolExecutor(2, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "http-01-responder-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy()));
        server.start();
        return responder;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public String challengeType() {
        return "http-01";
    }

    @Override
    public void present(ChallengeTask task) {
        answers.put(task.token(), task.keyAuthorization());
    }

    @Override
    public void cleanUp(ChallengeTask task) {
        answers.remove(task.token());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String answer = path.startsWith(PREFIX) ? answers.get(path.substring(PREFIX.length())) : null;
            boolean get = "GET".equals(exchange.getRequestMethod()) || "HEAD".equals(exchange.getRequestMethod());
            if (answer == null || !get) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = answer.getBytes(US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
