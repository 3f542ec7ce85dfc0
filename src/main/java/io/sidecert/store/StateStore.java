package io.sidecert.store;

/** Per-certificate state in sidecert's private state directory, written atomically. */
public interface StateStore {

    /** The saved state, or {@link CertificateState#initial} when there is none. */
    CertificateState load(String name) throws StoreException;

    void save(CertificateState state) throws StoreException;
}
