package io.sidecert.acme;

import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.toolbox.JSON;

/**
 * Names the ACME endpoint a request goes to, for the {@code endpoint} label of the request metrics: a small,
 * fixed set of names, never a URL (URLs hold order and account ids, which would make a series per order).
 *
 * <p>The directory names the fixed resources exactly, so they are learnt from it. Orders, authorizations,
 * challenges and certificates have per-object URLs that RFC 8555 leaves to the CA; they are named by words in
 * their path that Let's Encrypt ({@code /acme/order/}, {@code /acme/authz/}, {@code /acme/chall/},
 * {@code /acme/finalize/}, {@code /acme/cert/}) and Pebble ({@code /my-order/}, {@code /authZ/},
 * {@code /chalZ/}, {@code /finalize-order/}, {@code /certZ/}) use. Anything else is {@code other}.
 */
final class AcmeEndpoints {
    private final String directory;
    private final Map<String, String> resources = new ConcurrentHashMap<>();

    AcmeEndpoints(URI directory) {
        this.directory = directory.toString();
    }

    /** Remembers the directory's resource URLs. */
    void learn(JSON directoryJson) {
        for (Resource resource : Resource.values()) {
            directoryJson.get(resource.path()).optional()
                    .map(value -> value.asURL())
                    .map(URL::toString)
                    .ifPresent(url -> resources.put(url, kebab(resource.path())));
        }
    }

    String name(URI request) {
        String url = request.toString();
        if (url.equals(directory)) {
            return "directory";
        }
        String known = resources.get(url);
        if (known != null) {
            return known;
        }
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            if (isBelow(url, resource.getKey())) {
                return resource.getValue();
            }
        }
        return byPath(request.getPath() == null ? "" : request.getPath().toLowerCase(Locale.ROOT));
    }

    /** {@code renewalInfo/<certificate id>} is below {@code renewalInfo}. */
    private static boolean isBelow(String url, String resource) {
        String base = resource.endsWith("/") ? resource : resource + "/";
        return url.startsWith(base);
    }

    private static String byPath(String path) {
        if (path.contains("finalize")) {
            return "finalize";
        }
        if (path.contains("authz")) {
            return "authorization";
        }
        if (path.contains("chal")) {
            return "challenge";
        }
        if (path.contains("cert")) {
            return "certificate";
        }
        if (path.contains("order")) {
            return "order";
        }
        if (path.contains("acct") || path.contains("account")) {
            return "account";
        }
        return "other";
    }

    /** {@code newOrder} becomes {@code new-order}. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
