package io.sidecert.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pebble 2.10's configuration file and environment for a {@link PebbleOptions}.
 *
 * <p>Pebble ignores unknown keys silently, so these names follow its
 * {@code /usr/share/doc/pebble/examples/pebble-config.json} exactly.
 */
final class PebbleConfig {
    private PebbleConfig() {
    }

    static String json(PebbleOptions options, String configDirectory) {
        Map<String, Object> pebble = new LinkedHashMap<>();
        pebble.put("listenAddress", "0.0.0.0:14000");
        pebble.put("managementListenAddress", "0.0.0.0:15000");
        pebble.put("certificate", configDirectory + "cert.pem");
        pebble.put("privateKey", configDirectory + "key.pem");
        // The VA connects to port 80 of whatever the name resolves to: nginx.
        pebble.put("httpPort", 80);
        pebble.put("tlsPort", 443);
        pebble.put("ocspResponderURL", "");
        pebble.put("externalAccountBindingRequired", options.eabRequired());
        if (!options.eabKeys().isEmpty()) {
            pebble.put("externalAccountMACKeys", options.eabKeys());
        }
        long retryAfter = options.retryAfter().toSeconds();
        pebble.put("retryAfter", Map.of("authz", retryAfter, "order", retryAfter));
        // No certificateValidityPeriod: 2.10 ignores it, lifetimes come from the profiles.
        Map<String, Object> profiles = new LinkedHashMap<>();
        options.profiles().forEach((name, profile) -> profiles.put(name, Map.of(
                "description", profile.description(),
                "validityPeriod", profile.validity().toSeconds())));
        pebble.put("profiles", profiles);
        return ManagementClient.json(Map.of("pebble", pebble));
    }

    static Map<String, String> environment(PebbleOptions options) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PEBBLE_WFE_NONCEREJECT", Integer.toString(options.nonceRejectPercent()));
        environment.put("PEBBLE_AUTHZREUSE", Integer.toString(options.authzReusePercent()));
        if (options.vaNoSleep()) {
            environment.put("PEBBLE_VA_NOSLEEP", "1");
        }
        return environment;
    }
}
