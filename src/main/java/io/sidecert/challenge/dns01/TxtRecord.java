package io.sidecert.challenge.dns01;

import static java.util.Objects.requireNonNull;

/**
 * One TXT record of a DNS-01 challenge.
 *
 * @param domain the name being validated, without a wildcard's {@code *.} (for messages and hooks)
 * @param name   the record's fully qualified name without the trailing dot: {@code _acme-challenge.<domain>},
 *               the end of its CNAME chain, or {@code _acme-challenge.<challenge-alias>}
 * @param value  the TXT value: base64url(SHA-256(key authorization))
 */
public record TxtRecord(String domain, String name, String value) {
    public TxtRecord {
        requireNonNull(domain, "domain");
        requireNonNull(name, "name");
        requireNonNull(value, "value");
    }
}
