package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/**
 * One address of a server to ask about a record: an authoritative nameserver of its zone, e.g.
 * {@code ns1.example.com} at {@code 192.0.2.53:53}, asked without recursion; or a recursive resolver.
 */
public record Nameserver(String name, InetSocketAddress address, boolean recursive) {
    public Nameserver {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
    }

    /** An authoritative nameserver. */
    public Nameserver(String name, InetSocketAddress address) {
        this(name, address, false);
    }

    public static Nameserver resolver(InetSocketAddress address) {
        return new Nameserver("resolver", address, true);
    }

    @Override
    public String toString() {
        return name + " (" + address.getAddress().getHostAddress()
                + (address.getPort() == 53 ? "" : ":" + address.getPort()) + ")";
    }
}
