package io.sidecert.challenge.dns01;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/** Where a DNS-01 answer goes and what it holds (RFC 8555, section 8.4). */
final class ChallengeRecords {
    static final String PREFIX = "_acme-challenge.";
    private static final String WILDCARD = "*.";

    private ChallengeRecords() {
    }

    /** {@code _acme-challenge.<domain>}: a wildcard is validated at its base name, as the CA asks there. */
    static String recordName(String domain) {
        return PREFIX + baseDomain(domain);
    }

    static String baseDomain(String domain) {
        String name = domain.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return name.startsWith(WILDCARD) ? name.substring(WILDCARD.length()) : name;
    }

    /** base64url(SHA-256(key authorization)), unpadded: what acme4j's {@code Dns01Challenge.getDigest()} returns. */
    static String digest(String keyAuthorization) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
