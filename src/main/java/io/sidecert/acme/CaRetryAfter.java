package io.sidecert.acme;

import static java.util.Objects.requireNonNull;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code Retry-After} of the CA's latest error answer, per thread. acme4j 4.0 keeps the header only for a
 * {@code rateLimited} problem ({@code AcmeRateLimitedException}); a 503 "down for maintenance" with
 * {@code Retry-After: 120} becomes a plain {@code AcmeServerException} or {@code AcmeException("HTTP 503")}
 * without it. The HTTP client sees every answer, on the thread that asked, so it records the header here and the
 * CA adds it to the failure that thread then reports (RFC 8555 section 6.6 and RFC 9110 section 10.2.3 ask
 * clients to wait for it whatever the status).
 *
 * <p>Only an error answer that is the thread's latest counts: a later answer, a network fault or a new order
 * clears it, so a failure never borrows an older answer's wait.
 */
public final class CaRetryAfter {
    private final ThreadLocal<Optional<Instant>> latest = ThreadLocal.withInitial(Optional::empty);
    private final Clock clock;

    public CaRetryAfter(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    /** Records {@code response}'s Retry-After when it is an error answer; forgets the previous one otherwise. */
    void answered(HttpResponse<?> response) {
        latest.set(response.statusCode() < 400 ? Optional.empty()
                : response.headers().firstValue("Retry-After").flatMap(this::parse));
    }

    /** No answer came (a network fault): nothing to wait for but the back-off. */
    void noAnswer() {
        latest.set(Optional.empty());
    }

    /** Forgets what this thread saw, before a new exchange. */
    void clear() {
        latest.remove();
    }

    /** The Retry-After of this thread's latest answer, when it was an error answer that carried one. */
    Optional<Instant> latest() {
        return latest.get();
    }

    /** Seconds or an HTTP date; anything else is ignored, as if the header were missing. */
    private Optional<Instant> parse(String value) {
        String text = value.trim();
        try {
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
                return Optional.of(clock.instant().plusSeconds(Long.parseLong(text)));
            }
            return Optional.of(ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
