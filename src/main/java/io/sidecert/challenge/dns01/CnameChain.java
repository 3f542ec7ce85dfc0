package io.sidecert.challenge.dns01;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Follows CNAMEs from a challenge record's name to where its TXT record must be written: the CA follows them
 * too, so {@code _acme-challenge.shop.example.com CNAME shop.acme.example.net} lets a provider that can only
 * change {@code example.net} answer for {@code example.com} (CNAME delegation, as in acme-dns and lego).
 */
final class CnameChain {
    /** Resolvers give up on longer chains too; anything longer is a mistake. */
    static final int MAX_LENGTH = 8;

    private CnameChain() {
    }

    static String follow(String name, DnsClient dns) throws DnsLookupException {
        List<String> chain = new ArrayList<>(List.of(normalize(name)));
        for (int hop = 0; hop < MAX_LENGTH; hop++) {
            String current = chain.get(chain.size() - 1);
            Optional<String> target = dns.cname(current).map(CnameChain::normalize);
            if (target.isEmpty()) {
                return current;
            }
            if (chain.contains(target.get())) {
                chain.add(target.get());
                throw new DnsLookupException(name, "the CNAMEs of " + name + " form a loop (" + String.join(" -> ", chain)
                        + "): point the last CNAME at a name that holds records");
            }
            chain.add(target.get());
        }
        throw new DnsLookupException(name, "the CNAME chain from " + name + " is longer than " + MAX_LENGTH + " ("
                + String.join(" -> ", chain) + "...): point " + name + " closer to its target");
    }

    private static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
