package io.sidecert.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code certificates} section: one entry per certificate, keyed by a name that becomes
 * a directory on the shared volume, each merged over {@code certificate-defaults}.
 */
final class CertificatesSection {
    private static final String SECTION = "certificates";
    private static final String DEFAULTS = "certificate-defaults";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final ValueReader reader;
    private final CertificateSection certificate;

    CertificatesSection(ValueReader reader, CertificateSection certificate) {
        this.reader = reader;
        this.certificate = certificate;
    }

    /** @param defaultCa acme.ca, empty when that is broken (already reported) */
    List<CertificateSpec> read(Optional<URI> defaultCa) {
        Optional<ConfigValue> section = reader.value(SECTION);
        if (section.isEmpty()) {
            return List.of();
        }
        if (!(section.get() instanceof ConfigObject certificates)) {
            reader.report(SECTION, ValueReader.render(section.get()) + " is not a section of named certificates",
                    "write it like certificates { shop { domains = [shop.example.com] } }");
            return List.of();
        }
        Config defaults = defaults();
        List<CertificateSpec> specs = new ArrayList<>();
        for (String name : new TreeSet<>(certificates.keySet())) {
            read(name, certificates.get(name), defaults, defaultCa).ifPresent(specs::add);
        }
        return specs;
    }

    private Optional<CertificateSpec> read(String name, ConfigValue value, Config defaults, Optional<URI> defaultCa) {
        String path = ConfigUtil.joinPath(SECTION, name);
        checkName(name, value, path);
        if (!(value instanceof ConfigObject entry)) {
            reader.report(value.origin(), path, ValueReader.render(value) + " is not a certificate section",
                    "write it like " + ConfigUtil.joinPath(name) + " { domains = [shop.example.com] }");
            return Optional.empty();
        }
        return certificate.read(reader.nested(entry.toConfig().withFallback(defaults), path), entry, name, defaultCa);
    }

    /** The name becomes a directory on a volume shared with the proxy, so it must not escape or hide. */
    private void checkName(String name, ConfigValue value, String path) {
        if (!SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            reader.report(value.origin(), path, "\"" + name + "\" is not a safe certificate name; it becomes a directory, "
                            + "so it must start with a letter or digit, hold only letters, digits, '.', '_' and '-', "
                            + "have no \"..\" and be at most 64 characters",
                    "rename it, e.g. after its first domain: \"shop.example.com\" { ... }");
        }
    }

    private Config defaults() {
        return reader.value(DEFAULTS)
                .filter(ConfigObject.class::isInstance)
                .map(v -> ((ConfigObject) v).toConfig())
                .orElse(ConfigFactory.empty());
    }
}
