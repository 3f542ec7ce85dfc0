package io.sidecert.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Reads the {@code http-01} section shared by every certificate that proves control over HTTP. */
final class Http01Section {
    private final ValueReader reader;

    Http01Section(ValueReader reader) {
        this.reader = reader;
    }

    Optional<Http01Settings> read() {
        Optional<Http01Mode> mode = reader.requiredString("http-01.mode", "mode = webroot")
                .flatMap(value -> reader.check("http-01.mode", mode(value)));
        Optional<Path> webroot = reader.requiredPath("http-01.webroot", "webroot = \"/var/www/acme\"");
        Optional<Integer> port = reader.requiredInteger("http-01.port", 1, 65535, "port = 8080");
        Optional<String> bind = reader.requiredString("http-01.bind", "bind = \"127.0.0.1\"")
                .flatMap(address -> reader.check("http-01.bind", AdminSection.bind(address)));
        if (mode.isEmpty() || webroot.isEmpty() || port.isEmpty() || bind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Http01Settings(mode.get(), webroot.get(), bind.get(), port.get()));
    }

    static Checked<Http01Mode> mode(String configured) {
        return switch (configured.trim().toLowerCase(Locale.ROOT)) {
            case "webroot" -> Checked.valid(Http01Mode.WEBROOT);
            case "standalone" -> Checked.valid(Http01Mode.STANDALONE);
            default -> Checked.invalid("\"" + configured + "\" is not an http-01 mode; expected webroot or standalone",
                    "use webroot when the proxy serves /.well-known/acme-challenge/ from a shared directory, "
                            + "standalone when it forwards those requests to sidecert's port");
        };
    }
}
