package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The account-wide ACME settings.
 *
 * @param directory   the default CA's directory URL ({@code letsencrypt} and friends already resolved)
 * @param trustPem    PEM file with the CA's TLS root, for private or test CAs
 * @param orderBudget how fast the account at {@code directory} may place new orders (the default for the CA
 *                    already applied); empty when sidecert does not pace them
 */
public record AcmeSettings(
        URI directory,
        Optional<String> email,
        Optional<Path> trustPem,
        Optional<ExternalAccountBinding> eab,
        Optional<OrderBudgetLimit> orderBudget) {

    public AcmeSettings {
        requireNonNull(directory, "directory");
        requireNonNull(email, "email");
        requireNonNull(trustPem, "trustPem");
        requireNonNull(eab, "eab");
        requireNonNull(orderBudget, "orderBudget");
    }

    /** EAB credentials for CAs that require them (ZeroSSL, private CAs); the HMAC key is already read. */
    public record ExternalAccountBinding(String keyId, String hmacKey) {
        public ExternalAccountBinding {
            requireNonNull(keyId, "keyId");
            requireNonNull(hmacKey, "hmacKey");
        }

        @Override
        public String toString() {
            return "ExternalAccountBinding[keyId=" + keyId + ", hmacKey=***]";
        }
    }
}
