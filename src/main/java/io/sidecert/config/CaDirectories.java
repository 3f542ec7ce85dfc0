package io.sidecert.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a configured CA (a well-known name or a directory URL) into the ACME directory URL. */
final class CaDirectories {
    private static final Map<String, URI> NAMED = Map.of(
            "letsencrypt", URI.create("https://acme-v02.api.letsencrypt.org/directory"),
            "letsencrypt-staging", URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"),
            "zerossl", URI.create("https://acme.zerossl.com/v2/DV90"));

    /** Plain http leaks the account's requests to the network, so it is only for a CA on this host (tests). */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private static final Set<URI> LETS_ENCRYPT = Set.of(NAMED.get("letsencrypt"), NAMED.get("letsencrypt-staging"));

    private static final String NAMES = "letsencrypt, letsencrypt-staging, zerossl";

    Checked<URI> resolve(String configured) {
        String value = configured.trim();
        URI named = NAMED.get(value.toLowerCase(Locale.ROOT));
        if (named != null) {
            return Checked.valid(named);
        }
        try {
            return checkUrl(value, new URI(value));
        } catch (URISyntaxException e) {
            return notACa(value);
        }
    }

    /** Whether {@code directory} is Let's Encrypt's, production or staging, however it was written in the config. */
    static boolean isLetsEncrypt(URI directory) {
        return LETS_ENCRYPT.contains(directory);
    }

    private static Checked<URI> checkUrl(String value, URI uri) {
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return notACa(value);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Checked.valid(uri);
        }
        if (scheme.equals("http") && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            return Checked.valid(uri);
        }
        if (scheme.equals("http")) {
            return Checked.invalid("\"" + value + "\" uses plain http, which is only allowed for a CA on localhost or 127.0.0.1",
                    "use the CA's https:// directory URL");
        }
        return notACa(value);
    }

    private static Checked<URI> notACa(String value) {
        return Checked.invalid("\"" + value + "\" is not a known CA name or an https directory URL; expected one of "
                        + NAMES + ", or a URL like https://ca.example.com/directory",
                "set ca to one of those names, or to your CA's full ACME directory URL");
    }
}
