package io.sidecert.challenge.http01;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sidecert.challenge.ChallengeTask;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StandaloneResponderTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private StandaloneResponder responder;

    @BeforeEach
    void start() throws Exception {
        responder = StandaloneResponder.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        responder.close();
    }

    @Test
    void answersATokenInFlightWithItsKeyAuthorization() throws Exception {
        responder.present(new ChallengeTask("shop", "shop.example.com", "tok-1", "tok-1.thumb"));

        HttpResponse<String> response = get("/.well-known/acme-challenge/tok-1");

        assertEquals(200, response.statusCode());
        assertEquals("tok-1.thumb", response.body());
    }

    @Test
    void answersNothingElse() throws Exception {
        responder.present(new ChallengeTask("shop", "shop.example.com", "tok-1", "tok-1.thumb"));

        assertEquals(404, get("/.well-known/acme-challenge/other").statusCode());
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/tok-1").statusCode());
    }

    @Test
    void forgetsATokenAfterCleanUp() throws Exception {
        ChallengeTask task = new ChallengeTask("shop", "shop.example.com", "tok-2", "tok-2.thumb");
        responder.present(task);
        responder.cleanUp(task);

        assertEquals(404, get("/.well-known/acme-challenge/tok-2").statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + responder.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void clientsSendingTheirHeadersSlowlyDoNotStarveTheCasRequest() throws Exception {
        try (StandaloneResponder slowServed = StandaloneResponder.start("127.0.0.1", 0)) {
            slowServed.present(new ChallengeTask("shop", "shop.example", "tok", "tok.key"));
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    Socket socket = new Socket("127.0.0.1", slowServed.port());
                    // A request line and no more: the server waits for the rest of the headers.
                    socket.getOutputStream().write("GET /.well-known/acme-challenge/tok HTTP/1.1\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    slow.add(socket);
                }
                HttpResponse<String> answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                        .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + slowServed.port()
                                + "/.well-known/acme-challenge/tok")).timeout(Duration.ofSeconds(3)).build(),
                                HttpResponse.BodyHandlers.ofString());

                assertEquals(200, answer.statusCode());
                assertEquals("tok.key", answer.body());
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }
}
