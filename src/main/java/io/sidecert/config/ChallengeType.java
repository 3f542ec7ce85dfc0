package io.sidecert.config;

/** How a certificate proves control of its names. */
public enum ChallengeType {
    HTTP_01("http-01"),
    /** A TXT record at {@code _acme-challenge.<name>}, written through a configured DNS provider; proves wildcards. */
    DNS_01("dns-01");

    private final String configName;

    ChallengeType(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
