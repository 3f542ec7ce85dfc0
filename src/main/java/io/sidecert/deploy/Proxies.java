package io.sidecert.deploy;

import java.util.List;

/**
 * The proxies that serve the certificates: told by the renewal cycle, after storing, which certificates changed.
 * An empty list still retries what earlier reloads could not deliver.
 */
@FunctionalInterface
public interface Proxies {

    /** Loads the changed certificates into every proxy that serves them; never throws. */
    void reload(List<CertificateChange> changes);

    /** For configurations with nothing to reload. */
    static Proxies none() {
        return changes -> { };
    }
}
