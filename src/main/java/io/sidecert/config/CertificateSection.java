package io.sidecert.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads and checks one certificate's entry, already merged over {@code certificate-defaults}. */
final class CertificateSection {
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9._-]+");
    /** Let's Encrypt's limit of names in one certificate, refused here rather than at 3 a.m. on renewal day. */
    private static final int MAX_NAMES = 100;
    private static final String DOMAINS_EXAMPLE = "domains = [shop.example.com, www.shop.example.com]";

    private final DomainNames domainNames;
    private final CaDirectories caDirectories;
    private final Set<String> dnsProviders;

    /** @param dnsProviders the names under {@code dns-providers}, which {@code dns-provider} may refer to */
    CertificateSection(DomainNames domainNames, CaDirectories caDirectories, Set<String> dnsProviders) {
        this.domainNames = domainNames;
        this.caDirectories = caDirectories;
        this.dnsProviders = new TreeSet<>(dnsProviders);
    }

    /**
     * @param reader reads the merged entry; its messages name keys under {@code certificates.<name>}
     * @param entry  the entry as written, whose origin is where to point when something is missing
     */
    Optional<CertificateSpec> read(ValueReader reader, ConfigObject entry, String name, Optional<URI> defaultCa) {
        Optional<ChallengeType> challenge = reader.requiredString("challenge", "challenge = http-01")
                .flatMap(value -> reader.check("challenge", challenge(value)));
        Optional<List<String>> domains = domains(reader, entry, challenge);
        Optional<KeyType> keyType = reader.requiredString("key-type", "key-type = ec-p256")
                .flatMap(value -> reader.check("key-type", keyType(value)));
        Optional<Boolean> reuseKey = reader.requiredBoolean("reuse-key", "reuse-key = true");
        Optional<URI> ca = reader.value("ca").isEmpty() ? defaultCa : reader.string("ca", "ca = letsencrypt-staging")
                .flatMap(value -> reader.check("ca", caDirectories.resolve(value)));
        Optional<String> profile = reader.string("profile", "profile = shortlived")
                .flatMap(value -> reader.check("profile", profile(value)));
        Optional<Duration> renewBefore = reader.duration("renew-before", "renew-before = 20d")
                .flatMap(value -> reader.check("renew-before", renewBefore(value, rendered(reader, "renew-before"))));
        Optional<String> dnsProvider = dnsProvider(reader, entry, challenge);
        Optional<String> challengeAlias = challengeAlias(reader, entry, challenge);
        if (challenge.isEmpty() || domains.isEmpty() || keyType.isEmpty() || reuseKey.isEmpty() || ca.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateSpec(name, domains.get(), keyType.get(), reuseKey.get(), challenge.get(),
                ca.get(), profile, renewBefore, dnsProvider, challengeAlias));
    }

    /** Required with dns-01; set on an http-01 entry itself it is a mistake worth saying (a default is not). */
    private Optional<String> dnsProvider(ValueReader reader, ConfigObject entry, Optional<ChallengeType> challenge) {
        Optional<String> provider = reader.string("dns-provider", "dns-provider = bind");
        String defined = dnsProviders.isEmpty() ? "none is defined" : "defined: " + String.join(", ", dnsProviders);
        if (challenge.equals(Optional.of(ChallengeType.DNS_01)) && provider.isEmpty()) {
            reader.report(entry.origin(), "dns-provider", "is missing; challenge = dns-01 needs a DNS provider to "
                            + "write the TXT records (" + defined + ")",
                    "add dns-provider = <name> naming an entry of dns-providers, e.g. dns-providers { bind { "
                            + "type = rfc2136, ... } }, and see reference.conf for each type");
        }
        if (challenge.equals(Optional.of(ChallengeType.HTTP_01)) && entry.containsKey("dns-provider")
                && provider.isPresent()) {
            reader.report("dns-provider", "is set, but this certificate uses http-01, which writes no DNS records",
                    "add challenge = dns-01, or remove dns-provider");
        }
        return provider.flatMap(name -> reader.check("dns-provider", knownProvider(name, dnsProviders)));
    }

    private Optional<String> challengeAlias(ValueReader reader, ConfigObject entry, Optional<ChallengeType> challenge) {
        Optional<String> alias = reader.string("challenge-alias", "challenge-alias = acme.example.net")
                .flatMap(value -> reader.check("challenge-alias", domainNames.normalize(value)))
                .flatMap(value -> reader.check("challenge-alias", alias(value)));
        if (alias.isPresent() && !challenge.equals(Optional.of(ChallengeType.DNS_01))) {
            reader.report("challenge-alias", "is set, but only dns-01 uses it",
                    "add challenge = dns-01, or remove challenge-alias");
        }
        return alias;
    }

    static Checked<String> knownProvider(String configured, Set<String> providers) {
        String name = configured.trim();
        if (providers.contains(name)) {
            return Checked.valid(name);
        }
        String fix = Suggestions.closest(name, providers).map(s -> "did you mean " + s + "?")
                .orElse("define it: dns-providers { " + name + " { type = rfc2136, ... } } (see reference.conf)");
        return Checked.invalid("\"" + configured + "\" is not a DNS provider; "
                + (providers.isEmpty() ? "dns-providers defines none" : "dns-providers defines " + String.join(", ", providers)),
                fix);
    }

    private static Checked<String> alias(String name) {
        return DomainNames.isWildcard(name)
                ? Checked.invalid("\"" + name + "\" is a wildcard; a challenge alias is one name",
                        "write the domain whose _acme-challenge the CNAMEs point to, e.g. acme.example.net")
                : Checked.valid(name);
    }

    private Optional<List<String>> domains(ValueReader reader, ConfigObject entry, Optional<ChallengeType> challenge) {
        Optional<ConfigValue> value = reader.value("domains");
        if (value.isEmpty()) {
            reader.report(entry.origin(), "domains", "is missing; every certificate needs at least one name",
                    "add " + DOMAINS_EXAMPLE + "; the first name is the subject");
            return Optional.empty();
        }
        if (value.get().valueType() == ConfigValueType.STRING) {
            reader.report("domains", ValueReader.render(value.get()) + " is a single name, but domains must be a list",
                    "put the names in brackets: domains = [" + value.get().unwrapped() + "]");
            return Optional.empty();
        }
        return reader.list("domains", DOMAINS_EXAMPLE).flatMap(list -> names(reader, list, challenge));
    }

    private Optional<List<String>> names(ValueReader reader, List<ConfigValue> list, Optional<ChallengeType> challenge) {
        if (list.isEmpty()) {
            reader.report("domains", "is empty; every certificate needs at least one name", "list its names: " + DOMAINS_EXAMPLE);
            return Optional.empty();
        }
        if (list.size() > MAX_NAMES) {
            reader.report("domains", "has " + list.size() + " names; Let's Encrypt (and most CAs) issue at most "
                    + MAX_NAMES + " names in one certificate", "split them over several certificates");
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        boolean allValid = true;
        for (ConfigValue element : list) {
            Optional<String> name = name(reader, element, names, challenge);
            name.ifPresent(names::add);
            allValid &= name.isPresent();
        }
        return allValid ? Optional.of(names) : Optional.empty();
    }

    private Optional<String> name(ValueReader reader, ConfigValue element, List<String> earlier, Optional<ChallengeType> challenge) {
        if (element.valueType() != ConfigValueType.STRING) {
            reader.report(element.origin(), "domains", ValueReader.render(element) + " is not a domain name",
                    "write names like shop.example.com");
            return Optional.empty();
        }
        String configured = (String) element.unwrapped();
        return reader.check(element.origin(), "domains", domainNames.normalize(configured))
                .flatMap(name -> reader.check(element.origin(), "domains", usable(configured, name, earlier, challenge)));
    }

    private static Checked<String> usable(String configured, String name, List<String> earlier, Optional<ChallengeType> challenge) {
        if (earlier.contains(name)) {
            return Checked.invalid("\"" + configured + "\" is listed twice (as " + name + ")", "remove the second entry");
        }
        if (DomainNames.isWildcard(name) && challenge.equals(Optional.of(ChallengeType.HTTP_01))) {
            return Checked.invalid("\"" + configured + "\" is a wildcard, and wildcards need the DNS-01 challenge; "
                            + "http-01 cannot prove them",
                    "set challenge = dns-01 and a dns-provider, or list the names you need one by one");
        }
        return Checked.valid(name);
    }

    private static String rendered(ValueReader reader, String path) {
        return reader.value(path).map(ValueReader::render).orElse("");
    }

    static Checked<KeyType> keyType(String configured) {
        return KeyType.fromConfigName(configured.trim().toLowerCase(Locale.ROOT))
                .<Checked<KeyType>>map(Checked::valid)
                .orElseGet(() -> Checked.invalid("\"" + configured + "\" is not a key type; expected one of " + KeyType.allNames(),
                        "set key-type to one of them, or remove the line for the default " + KeyType.EC_P256.configName()));
    }

    static Checked<ChallengeType> challenge(String configured) {
        String value = configured.trim().toLowerCase(Locale.ROOT);
        for (ChallengeType type : ChallengeType.values()) {
            if (type.configName().equals(value)) {
                return Checked.valid(type);
            }
        }
        return Checked.invalid("\"" + configured + "\" is not a supported challenge; expected http-01 or dns-01",
                "set challenge = http-01 (the default) or challenge = dns-01 with a dns-provider");
    }

    static Checked<String> profile(String configured) {
        return PROFILE.matcher(configured).matches()
                ? Checked.valid(configured)
                : Checked.invalid("\"" + configured + "\" is not an ACME profile name; expected letters, digits, '.', '_' or '-'",
                        "use a profile the CA lists in its directory, e.g. profile = shortlived, or remove the line");
    }

    static Checked<Duration> renewBefore(Duration configured, String asWritten) {
        return configured.isNegative() || configured.isZero()
                ? Checked.invalid(asWritten + " is not a positive duration",
                        "use a duration such as 20d or 480h, or remove the line to derive it from the certificate's lifetime")
                : Checked.valid(configured);
    }
}
