package io.sidecert.challenge;

import static java.util.Objects.requireNonNull;

/**
 * One challenge to answer for one name of one certificate.
 *
 * @param certificate      the certificate's configured name, for messages
 * @param domain           the identifier being validated
 * @param token            the challenge token (HTTP-01 path component)
 * @param keyAuthorization token + "." + account key thumbprint: the HTTP-01 body, or the DNS-01 digest's input
 */
public record ChallengeTask(String certificate, String domain, String token, String keyAuthorization) {
    public ChallengeTask {
        requireNonNull(certificate, "certificate");
        requireNonNull(domain, "domain");
        requireNonNull(token, "token");
        requireNonNull(keyAuthorization, "keyAuthorization");
    }
}
