package io.sidecert.config;

import java.util.Optional;

/** Reads the {@code admin} section: where the metrics, health and status endpoints listen. */
final class AdminSection {
    private final ValueReader reader;

    AdminSection(ValueReader reader) {
        this.reader = reader;
    }

    Optional<AdminSettings> read() {
        Optional<Boolean> enabled = reader.requiredBoolean("admin.enabled", "enabled = true");
        Optional<String> bind = reader.requiredString("admin.bind", "bind = \"0.0.0.0\"")
                .flatMap(address -> reader.check("admin.bind", bind(address)));
        Optional<Integer> port = reader.requiredInteger("admin.port", 1, 65535, "port = 9100");
        if (enabled.isEmpty() || bind.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AdminSettings(enabled.get(), bind.get(), port.get()));
    }

    static Checked<String> bind(String configured) {
        String address = configured.trim();
        if (address.isEmpty() || address.contains("/") || address.contains(" ")) {
            return Checked.invalid("\"" + configured + "\" is not an address to listen on",
                    "write an IP address or host name, e.g. bind = \"0.0.0.0\" (all interfaces) or \"127.0.0.1\"");
        }
        return Checked.valid(address);
    }
}
