package io.sidecert.config;

import io.sidecert.config.AcmeSettings.ExternalAccountBinding;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code acme.eab}: the key id and HMAC key some CAs (ZeroSSL, private CAs) require before
 * they open an account. The key may come from a file so that it can be a Docker secret.
 */
final class ExternalAccountBindingSection {
    private static final String KID = "acme.eab.kid";
    private static final String KEY = "acme.eab.hmac-key";
    private static final String KEY_FILE = "acme.eab.hmac-key-file";

    private final ValueReader reader;
    private final LocalFiles files;

    ExternalAccountBindingSection(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    Optional<ExternalAccountBinding> read() {
        Optional<String> kid = reader.string(KID, "kid = \"your-key-id\"");
        Optional<String> key = reader.string(KEY, "hmac-key = \"base64url-key-from-your-ca\"");
        Optional<Path> keyFile = reader.path(KEY_FILE, "hmac-key-file = \"/run/secrets/eab-hmac\"");
        if (key.isPresent() && keyFile.isPresent()) {
            reader.report(KEY_FILE, "both hmac-key and hmac-key-file are set, so it is unclear which key to use",
                    "keep one of them; hmac-key-file is the one for Docker secrets");
            return Optional.empty();
        }
        boolean keyConfigured = key.isPresent() || keyFile.isPresent();
        if (kid.isPresent() && !keyConfigured) {
            reader.report(KID, "an EAB key id is set, but no HMAC key",
                    "set acme.eab.hmac-key or acme.eab.hmac-key-file to the HMAC key your CA gave with the key id");
            return Optional.empty();
        }
        if (kid.isEmpty() && keyConfigured) {
            reader.report(key.isPresent() ? KEY : KEY_FILE, "an EAB HMAC key is set, but no key id",
                    "set acme.eab.kid to the key id your CA gave with the HMAC key");
        }
        Optional<String> hmacKey = key.or(() -> keyFile.flatMap(file -> reader.check(KEY_FILE, files.readSecret(file))))
                .flatMap(hmac -> base64url(hmac, key.isPresent() ? KEY : KEY_FILE));
        return kid.flatMap(id -> hmacKey.map(hmac -> new ExternalAccountBinding(id, hmac)));
    }

    /**
     * ACME wants the key base64url-encoded; CAs' web pages often show plain base64. Both spell the same bytes,
     * so plain base64 is converted rather than refused; anything else is reported, without echoing the secret.
     */
    private Optional<String> base64url(String hmac, String key) {
        String converted = hmac.replace('+', '-').replace('/', '_').replaceAll("=+$", "");
        if (!converted.matches("[A-Za-z0-9_-]+")) {
            reader.report(key, "the EAB HMAC key is not base64 or base64url (it holds other characters)",
                    "copy the HMAC key exactly as your CA shows it, without quotes or spaces");
            return Optional.empty();
        }
        return Optional.of(converted);
    }
}
