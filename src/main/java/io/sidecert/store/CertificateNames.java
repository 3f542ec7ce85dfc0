package io.sidecert.store;

/**
 * Refuses certificate names that would escape their directory or collide with the store's own hidden entries.
 * Configuration validation checks names already; this is the second line, at the place that builds paths.
 */
final class CertificateNames {

    private CertificateNames() {}

    static boolean isSafe(String name) {
        return !(name.isEmpty() || name.contains("/") || name.contains("\\") || name.contains("..")
                || name.startsWith(".") || name.indexOf('\0') >= 0 || name.length() > 200);
    }

    static String requireSafe(String name) throws StoreException {
        if (!isSafe(name)) {
            throw new StoreException("[" + name + "] refusing the certificate name: it must be a plain file name, "
                    + "without '/', '\\' or '..', not starting with '.', at most 200 characters; rename it in the "
                    + "configuration");
        }
        return name;
    }
}
