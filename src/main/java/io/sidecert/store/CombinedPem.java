package io.sidecert.store;

/**
 * Whether each version also holds {@value #FILE_NAME}: the private key followed by the full chain in one file,
 * which HAProxy (and some appliances) read instead of separate certificate and key files
 * ({@code storage.combined-pem}).
 */
public enum CombinedPem {
    WRITE,
    SKIP;

    public static final String FILE_NAME = "combined.pem";

    public static CombinedPem of(boolean wanted) {
        return wanted ? WRITE : SKIP;
    }
}
