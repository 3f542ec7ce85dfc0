package io.sidecert.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads {@code dns-01} and {@code dns-providers}. Each provider entry is merged over
 * {@code dns-provider-defaults.<type>}, which also lists the keys its type accepts, so a typo in a provider
 * is reported like any other unknown key.
 */
final class Dns01Section {
    private static final String SECTION = "dns-01";
    private static final String PROVIDERS = "dns-providers";
    private static final String DEFAULTS = "dns-provider-defaults";
    private static final String TYPE = "type";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.?");
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

    private final ValueReader reader;
    private final LocalFiles files;

    Dns01Section(ValueReader reader, LocalFiles files) {
        this.reader = reader;
        this.files = files;
    }

    /** Every provider name configured, valid or not, so a certificate naming a broken one is not reported twice. */
    Set<String> declaredProviders() {
        return reader.value(PROVIDERS).filter(ConfigObject.class::isInstance)
                .map(v -> (Set<String>) new TreeSet<>(((ConfigObject) v).keySet()))
                .orElse(Set.of());
    }

    Optional<Dns01Settings> read() {
        Optional<Duration> timeout = requiredPositive(reader, SECTION + ".propagation-timeout", "propagation-timeout = 120s");
        Optional<Duration> interval = requiredPositive(reader, SECTION + ".propagation-interval", "propagation-interval = 2s");
        Optional<List<ServerAddress>> resolvers = resolvers();
        Optional<Boolean> askAuthoritative = reader.requiredString(SECTION + ".propagation-check",
                "propagation-check = authoritative").flatMap(text -> reader.check(SECTION + ".propagation-check",
                askAuthoritative(text)));
        Map<String, DnsProviderSettings> providers = providers(timeout.orElse(Duration.ofSeconds(120)),
                interval.orElse(Duration.ofSeconds(2)));
        if (timeout.isEmpty() || interval.isEmpty() || resolvers.isEmpty() || askAuthoritative.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dns01Settings(timeout.get(), interval.get(), resolvers.get(), askAuthoritative.get(),
                providers));
    }

    /** A list, or one string of comma-separated servers, which is what an environment variable can hold. */
    private Optional<List<ServerAddress>> resolvers() {
        String path = SECTION + ".resolvers";
        Optional<ConfigValue> value = reader.value(path);
        if (value.isEmpty()) {
            return Optional.of(List.of());
        }
        List<ConfigValue> elements = value.get().valueType() == ConfigValueType.STRING
                ? splitServers(value.get())
                : reader.list(path, "resolvers = [\"192.0.2.53\", \"198.51.100.53:53\"]").orElse(null);
        if (elements == null) {
            return Optional.empty();
        }
        List<ServerAddress> servers = new ArrayList<>();
        boolean allValid = true;
        for (ConfigValue element : elements) {
            Optional<ServerAddress> server = element.valueType() == ConfigValueType.STRING
                    ? reader.check(element.origin(), path, ServerAddress.parse((String) element.unwrapped()))
                    : Optional.empty();
            if (element.valueType() != ConfigValueType.STRING) {
                reader.report(element.origin(), path, ValueReader.render(element) + " is not a DNS server",
                        "write servers as strings, like \"192.0.2.53:53\"");
            }
            server.ifPresent(servers::add);
            allValid &= server.isPresent();
        }
        return allValid ? Optional.of(servers) : Optional.empty();
    }

    private static List<ConfigValue> splitServers(ConfigValue value) {
        List<ConfigValue> servers = new ArrayList<>();
        for (String part : ((String) value.unwrapped()).split("[,\\s]+")) {
            if (!part.isEmpty()) {
                servers.add(com.typesafe.config.ConfigValueFactory.fromAnyRef(part, value.origin().description()));
            }
        }
        return servers;
    }

    private Map<String, DnsProviderSettings> providers(Duration timeout, Duration interval) {
        Map<String, DnsProviderSettings> providers = new LinkedHashMap<>();
        Optional<ConfigValue> section = reader.value(PROVIDERS);
        if (section.isEmpty()) {
            return providers;
        }
        if (!(section.get() instanceof ConfigObject entries)) {
            reader.report(PROVIDERS, ValueReader.render(section.get()) + " is not a section of named DNS providers",
                    "write it like dns-providers { bind { type = rfc2136, server = \"ns1.example.com:53\", ... } }");
            return providers;
        }
        for (String name : new TreeSet<>(entries.keySet())) {
            provider(name, entries.get(name), timeout, interval).ifPresent(p -> providers.put(name, p));
        }
        return providers;
    }

    private Optional<DnsProviderSettings> provider(String name, ConfigValue value, Duration timeout, Duration interval) {
        String path = ConfigUtil.joinPath(PROVIDERS, name);
        if (!NAME.matcher(name).matches()) {
            reader.report(value.origin(), path, "\"" + name + "\" is not a usable provider name",
                    "use letters, digits, '.', '_' and '-', like bind or cloudflare-prod");
        }
        if (!(value instanceof ConfigObject entry)) {
            reader.report(value.origin(), path, ValueReader.render(value) + " is not a provider section",
                    "write it like " + ConfigUtil.joinPath(name) + " { type = rfc2136, ... }");
            return Optional.empty();
        }
        ValueReader own = reader.nested(entry.toConfig(), path);
        Optional<String> type = required(own, entry, TYPE, "type = rfc2136", "every DNS provider needs a type");
        Optional<ConfigObject> defaults = type.flatMap(t -> typeDefaults(own, t));
        if (defaults.isEmpty()) {
            return Optional.empty();
        }
        checkKeys(own, entry, defaults.get(), type.get());
        ValueReader merged = reader.nested(entry.toConfig().withFallback(defaults.get().toConfig()), path);
        Duration providerTimeout = positive(merged, "propagation-timeout", "propagation-timeout = 120s").orElse(timeout);
        Duration providerInterval = positive(merged, "propagation-interval", "propagation-interval = 2s").orElse(interval);
        return switch (type.get().trim().toLowerCase(Locale.ROOT)) {
            case "rfc2136" -> rfc2136(merged, entry, name, providerTimeout, providerInterval);
            case "cloudflare" -> cloudflare(merged, entry, name, providerTimeout, providerInterval);
            default -> exec(merged, entry, name, providerTimeout, providerInterval);
        };
    }

    private Optional<ConfigObject> typeDefaults(ValueReader own, String type) {
        Optional<ConfigObject> types = reader.value(DEFAULTS).filter(ConfigObject.class::isInstance).map(ConfigObject.class::cast);
        Set<String> known = types.map(t -> (Set<String>) new TreeSet<>(t.keySet())).orElse(Set.of());
        String wanted = type.trim().toLowerCase(Locale.ROOT);
        if (known.contains(wanted) && types.get().get(wanted) instanceof ConfigObject defaults) {
            return Optional.of(defaults);
        }
        own.report(TYPE, "\"" + type + "\" is not a DNS provider type; expected one of " + String.join(", ", known),
                Suggestions.closest(wanted, known).map(s -> "did you mean " + s + "?")
                        .orElse("use rfc2136 for BIND and other RFC 2136 servers, cloudflare, or exec for your own script"));
        return Optional.empty();
    }

    private static void checkKeys(ValueReader own, ConfigObject entry, ConfigObject defaults, String type) {
        Set<String> allowed = new TreeSet<>(defaults.keySet());
        allowed.add(TYPE);
        for (String key : new TreeSet<>(entry.keySet())) {
            if (!allowed.contains(key)) {
                own.report(entry.get(key).origin(), ConfigUtil.joinPath(key), "unknown key",
                        Suggestions.closest(key, allowed).map(s -> "did you mean " + s + "?")
                                .orElse("remove it; a " + type + " provider takes " + String.join(", ", allowed)));
            }
        }
    }

    private Optional<DnsProviderSettings> rfc2136(ValueReader r, ConfigObject entry, String name, Duration timeout,
            Duration interval) {
        Optional<ServerAddress> server = required(r, entry, "server", "server = \"ns1.example.com:53\"",
                "an rfc2136 provider needs the zone's primary nameserver")
                .flatMap(text -> r.check("server", ServerAddress.parse(text)));
        Optional<String> keyName = required(r, entry, "key-name", "key-name = acme-key",
                "an rfc2136 provider needs the name of its TSIG key")
                .flatMap(text -> r.check("key-name", keyName(text)));
        Optional<TsigAlgorithm> algorithm = r.requiredString("key-algorithm", "key-algorithm = hmac-sha256")
                .flatMap(text -> r.check("key-algorithm", algorithm(text)));
        Optional<Path> secretFile = requiredPath(r, entry, "key-secret-file", "key-secret-file = \"/run/secrets/tsig\"",
                "an rfc2136 provider needs its TSIG secret");
        Optional<String> secret = secretFile.flatMap(file -> r.check("key-secret-file", files.readSecret(file)))
                .flatMap(content -> keyName.flatMap(key -> algorithm.flatMap(alg -> r.check("key-secret-file",
                        TsigKeyFile.secret(content, secretFile.get().toString(), key, alg)))));
        if (server.isEmpty() || keyName.isEmpty() || algorithm.isEmpty() || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DnsProviderSettings.Rfc2136(name, server.get(), keyName.get(), algorithm.get(),
                secret.get(), secretFile.get(), timeout, interval));
    }

    private Optional<DnsProviderSettings> cloudflare(ValueReader r, ConfigObject entry, String name, Duration timeout,
            Duration interval) {
        Optional<Path> tokenFile = requiredPath(r, entry, "api-token-file", "api-token-file = \"/run/secrets/cloudflare\"",
                "a cloudflare provider needs an API token with Zone:DNS:Edit permission");
        Optional<String> token = tokenFile.flatMap(file -> r.check("api-token-file", files.readSecret(file)));
        Optional<URI> apiUrl = r.requiredString("api-url", "api-url = \"https://api.cloudflare.com/client/v4\"")
                .flatMap(text -> r.check("api-url", apiUrl(text)));
        if (token.isEmpty() || apiUrl.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DnsProviderSettings.Cloudflare(name, token.get(), tokenFile.get(), apiUrl.get(),
                timeout, interval));
    }

    private Optional<DnsProviderSettings> exec(ValueReader r, ConfigObject entry, String name, Duration timeout,
            Duration interval) {
        Optional<Path> script = requiredPath(r, entry, "script", "script = \"/etc/sidecert/dns-hook.sh\"",
                "an exec provider needs the script that changes your DNS")
                .flatMap(file -> r.check("script", executable(file)));
        Optional<Duration> scriptTimeout = requiredPositive(r, "timeout", "timeout = 60s");
        if (script.isEmpty() || scriptTimeout.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DnsProviderSettings.Exec(name, script.get(), scriptTimeout.get(), timeout, interval));
    }

    private static Optional<String> required(ValueReader r, ConfigObject entry, String key, String example, String why) {
        if (r.value(key).isEmpty()) {
            r.report(entry.origin(), key, "is missing; " + why, "add " + example);
            return Optional.empty();
        }
        return r.string(key, example);
    }

    private static Optional<Path> requiredPath(ValueReader r, ConfigObject entry, String key, String example, String why) {
        if (r.value(key).isEmpty()) {
            r.report(entry.origin(), key, "is missing; " + why, "add " + example);
            return Optional.empty();
        }
        return r.path(key, example);
    }

    private static Optional<Duration> positive(ValueReader r, String path, String example) {
        return r.duration(path, example).flatMap(d -> r.check(path, positive(d, r, path, example)));
    }

    private static Optional<Duration> requiredPositive(ValueReader r, String path, String example) {
        return r.requiredDuration(path, example).flatMap(d -> r.check(path, positive(d, r, path, example)));
    }

    private static Checked<Duration> positive(Duration d, ValueReader r, String path, String example) {
        return d.isNegative() || d.isZero()
                ? Checked.invalid(r.value(path).map(ValueReader::render).orElse("") + " is not a positive duration",
                        "write it like " + example)
                : Checked.valid(d);
    }

    static Checked<Boolean> askAuthoritative(String configured) {
        return switch (configured.trim().toLowerCase(Locale.ROOT)) {
            case "authoritative" -> Checked.valid(true);
            case "resolvers" -> Checked.valid(false);
            default -> Checked.invalid("\"" + configured + "\" is not a propagation check; expected authoritative or resolvers",
                    "keep authoritative (ask every nameserver of the zone) unless sidecert cannot reach them; "
                            + "resolvers asks dns-01.resolvers instead");
        };
    }

    static Checked<String> keyName(String configured) {
        String name = configured.trim();
        return KEY_NAME.matcher(name).matches()
                ? Checked.valid(name)
                : Checked.invalid("\"" + configured + "\" is not a TSIG key name",
                        "use the name of the key clause on the server, e.g. key-name = acme-key");
    }

    static Checked<TsigAlgorithm> algorithm(String configured) {
        return TsigAlgorithm.fromConfigName(configured)
                .<Checked<TsigAlgorithm>>map(Checked::valid)
                .orElseGet(() -> Checked.invalid("\"" + configured + "\" is not a TSIG algorithm sidecert signs with; "
                                + "expected one of " + TsigAlgorithm.allNames(),
                        "use the algorithm of the key on the server; tsig-keygen -a hmac-sha256 acme-key makes a new one"));
    }

    static Checked<URI> apiUrl(String configured) {
        String text = configured.trim().replaceAll("/+$", "");
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = uri.getHost() != null && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT));
            if (uri.getHost() != null && (scheme.equals("https") || scheme.equals("http") && loopback)) {
                return Checked.valid(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Checked.invalid("\"" + configured + "\" is not an https URL (plain http only for localhost)",
                "remove the line for Cloudflare's own https://api.cloudflare.com/client/v4");
    }

    private static Checked<Path> executable(Path file) {
        if (!Files.isRegularFile(file)) {
            return Checked.invalid("file " + file + " does not exist",
                    "check the path; a relative path is resolved against the main config file's directory");
        }
        if (!Files.isExecutable(file)) {
            return Checked.invalid("file " + file + " is not executable by this process",
                    "chmod +x it, and give it a #! line such as #!/bin/sh");
        }
        return Checked.valid(file);
    }
}
