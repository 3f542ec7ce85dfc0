package io.sidecert.config;

import static java.util.Objects.requireNonNull;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DNS server as configured: a host name or address and a port. The name is resolved when it is used,
 * not at startup, so a server that moves (a compose service) keeps working.
 */
public record ServerAddress(String host, int port) {
    public static final int DNS_PORT = 53;
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(\\d{1,5}))?");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9._-]+)(?::(\\d{1,5}))?");
    private static final Pattern BARE_IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

    public ServerAddress {
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code ns1}, {@code ns1:5353}, {@code 192.0.2.1:53}, {@code [2001:db8::1]:53} or {@code 2001:db8::1}. */
    static Checked<ServerAddress> parse(String configured) {
        String text = configured.trim();
        if (BARE_IPV6.matcher(text).matches() && text.indexOf(':') != text.lastIndexOf(':')) {
            return Checked.valid(new ServerAddress(text, DNS_PORT));
        }
        Matcher m = BRACKETED.matcher(text);
        if (!m.matches()) {
            m = HOST_PORT.matcher(text);
        }
        if (!m.matches()) {
            return Checked.invalid("\"" + configured + "\" is not a DNS server; expected host or host:port",
                    "write it like \"ns1.example.com:53\" or \"192.0.2.53\" (the port defaults to 53)");
        }
        int port = m.group(2) == null ? DNS_PORT : Integer.parseInt(m.group(2));
        if (port < 1 || port > 65535) {
            return Checked.invalid("\"" + configured + "\" has port " + port + ", which is out of range",
                    "use a port from 1 to 65535; DNS servers listen on 53");
        }
        return Checked.valid(new ServerAddress(m.group(1), port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
