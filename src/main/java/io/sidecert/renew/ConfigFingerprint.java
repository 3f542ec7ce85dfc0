package io.sidecert.renew;

import io.sidecert.config.CertificateSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short digest of what a certificate asks the CA for. A failure remembers it, so that once the operator
 * fixes the configuration the certificate is tried at once rather than after the back-off (issue: a refusal
 * is "final until the configuration changes").
 */
final class ConfigFingerprint {
    private ConfigFingerprint() {
    }

    static String of(CertificateSpec spec) {
        String text = String.join("|", String.join(",", spec.domains()), spec.keyType().configName(),
                spec.challenge().configName(), spec.ca().toString(), spec.profile().orElse(""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
