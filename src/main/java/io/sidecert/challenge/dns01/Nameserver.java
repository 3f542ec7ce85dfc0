package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;

/** One address of an authoritative nameserver of a zone, e.g. {@code ns1.example.com} at {@code 192.0.2.53:53}. */
public record Nameserver(String name, InetSocketAddress address) {
    public Nameserver {
        requireNonNull(name, "name");
        requireNonNull(address, "address");
    }

    @Override
    public String toString() {
        return name + " (" + address.getAddress().getHostAddress()
                + (address.getPort() == 53 ? "" : ":" + address.getPort()) + ")";
    }
}
