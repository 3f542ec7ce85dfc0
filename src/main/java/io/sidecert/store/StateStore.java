package io.sidecert.store;

/** Per-certificate state in sidecert's private state directory, written atomically. */
public interface StateStore {

    /** The saved state, or {@link CertificateState#initial} when there is none. */
    CertificateState load(String name) throws StoreException;

    /**
     * The saved state as the file holds it now, for a decision under the certificate's lock: {@link #load} may
     * answer from memory, and on a state directory shared by several nodes the file may have changed unseen.
     */
    default CertificateState loadFresh(String name) throws StoreException {
        return load(name);
    }

    void save(CertificateState state) throws StoreException;

    /** Forgets the certificate's state; nothing happens when there is none. */
    void delete(String name) throws StoreException;
}
