package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.List;
import java.util.TreeSet;

/**
 * Reports keys that {@code reference.conf} does not define, because HOCON would otherwise ignore a
 * typo like {@code renew-befor} and the certificate would quietly get the default.
 */
final class UnknownKeys {
    private static final String CERTIFICATES = "certificates";
    private static final String DNS_PROVIDERS = "dns-providers";

    private final ConfigObject known;
    private final ConfigObject certificateKeys;

    UnknownKeys(Config reference) {
        this.known = reference.root();
        // A certificate accepts what certificate-defaults defines, plus its own domains.
        this.certificateKeys = reference.getObject("certificate-defaults")
                .withValue("domains", ConfigValueFactory.fromIterable(List.of()));
    }

    void check(Config config, Problems problems) {
        for (String key : new TreeSet<>(config.root().keySet())) {
            ConfigValue value = config.root().get(key);
            if (key.equals(CERTIFICATES)) {
                // Any other shape of certificates is reported by CertificatesSection, with an example.
                if (value instanceof ConfigObject certificates) {
                    checkCertificates(certificates, problems);
                }
            } else if (!key.equals(DNS_PROVIDERS)) {
                // A DNS provider's keys depend on its type: Dns01Section checks them against dns-provider-defaults.
                check(key, value, known, "", problems);
            }
        }
    }

    private void checkCertificates(ConfigObject certificates, Problems problems) {
        for (String name : new TreeSet<>(certificates.keySet())) {
            if (certificates.get(name) instanceof ConfigObject certificate) {
                walk(certificate, certificateKeys, ConfigUtil.joinPath(CERTIFICATES, name), problems);
            }
        }
    }

    private void walk(ConfigObject actual, ConfigObject expected, String prefix, Problems problems) {
        for (String key : new TreeSet<>(actual.keySet())) {
            check(key, actual.get(key), expected, prefix, problems);
        }
    }

    private void check(String key, ConfigValue value, ConfigObject expected, String prefix, Problems problems) {
        String path = prefix.isEmpty() ? ConfigUtil.joinPath(key) : prefix + "." + ConfigUtil.joinPath(key);
        ConfigValue known = expected.get(key);
        if (known == null) {
            problems.add(value.origin(), path, "unknown key", fix(key, value, expected, prefix));
        } else if (known instanceof ConfigObject section && value instanceof ConfigObject given) {
            walk(given, section, path, problems);
        } else if (known instanceof ConfigObject) {
            problems.add(value.origin(), path, ValueReader.render(value) + " is a single value, but " + key + " is a section",
                    "write it like " + key + " { ... }; see reference.conf for its keys");
        }
    }

    private static String fix(String key, ConfigValue value, ConfigObject expected, String prefix) {
        var suggestion = Suggestions.closest(key, expected.keySet());
        if (suggestion.isPresent()) {
            return "did you mean " + suggestion.get() + "?";
        }
        if (prefix.startsWith(CERTIFICATES + ".") && value instanceof ConfigObject) {
            return "if this is part of a dotted certificate name, quote the whole name, like \"shop.example.com\" { ... }";
        }
        return "remove it; the keys allowed here are " + String.join(", ", new TreeSet<>(expected.keySet()));
    }
}
