package io.sidecert.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The TSIG algorithms sidecert signs RFC 2136 updates with; the older MD5 and SHA-1 ones are left out on purpose. */
public enum TsigAlgorithm {
    HMAC_SHA256("hmac-sha256"),
    HMAC_SHA384("hmac-sha384"),
    HMAC_SHA512("hmac-sha512");

    private final String configName;

    TsigAlgorithm(String configName) {
        this.configName = configName;
    }

    /** The name BIND's {@code tsig-keygen -a} and key clauses use. */
    public String configName() {
        return configName;
    }

    static Optional<TsigAlgorithm> fromConfigName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.configName.equals(wanted)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(TsigAlgorithm::configName).collect(Collectors.joining(", "));
    }
}
