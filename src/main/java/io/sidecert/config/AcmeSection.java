package io.sidecert.config;

import io.sidecert.config.AcmeSettings.ExternalAccountBinding;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads and checks the {@code acme} section: which CA, the account's contact and credentials. */
final class AcmeSection {
    /** Deliberately loose: the CA has the last word, this only catches obvious slips. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s:]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    private final ValueReader reader;
    private final CaDirectories caDirectories;
    private final LocalFiles files;

    AcmeSection(ValueReader reader, CaDirectories caDirectories, LocalFiles files) {
        this.reader = reader;
        this.caDirectories = caDirectories;
        this.files = files;
    }

    Optional<AcmeSettings> read() {
        Optional<URI> directory = reader.requiredString("acme.ca", "ca = letsencrypt")
                .flatMap(ca -> reader.check("acme.ca", caDirectories.resolve(ca)));
        Optional<String> email = reader.string("acme.email", "email = \"ops@example.com\"")
                .flatMap(address -> reader.check("acme.email", email(address)));
        Optional<Path> trustPem = reader.path("acme.trust-pem", "trust-pem = \"/etc/sidecert/ca-root.pem\"")
                .flatMap(file -> reader.check("acme.trust-pem", files.certificates(file)));
        Optional<ExternalAccountBinding> eab = new ExternalAccountBindingSection(reader, files).read();
        // Empty when unset, or when broken (then reported, and the load fails): the CA's default stands in.
        Optional<Optional<OrderBudgetLimit>> configuredBudget = reader.string("acme.order-budget", OrderBudgets.EXAMPLE)
                .flatMap(budget -> reader.check("acme.order-budget", OrderBudgets.parse(budget)));
        return directory.map(uri -> new AcmeSettings(uri, email, trustPem, eab,
                configuredBudget.orElseGet(() -> OrderBudgets.defaultFor(uri))));
    }

    static Checked<String> email(String configured) {
        String address = configured.trim();
        if (address.regionMatches(true, 0, "mailto:", 0, "mailto:".length())) {
            return Checked.invalid("\"" + configured + "\" starts with mailto:, but sidecert adds that itself",
                    "drop the mailto: prefix: email = \"" + address.substring("mailto:".length()) + "\"");
        }
        if (!EMAIL.matcher(address).matches()) {
            return Checked.invalid("\"" + configured + "\" does not look like an email address; expected local@domain.tld",
                    "write the address the CA should send expiry warnings to, e.g. email = \"ops@example.com\"");
        }
        return Checked.valid(address);
    }
}
