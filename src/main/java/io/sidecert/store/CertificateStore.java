package io.sidecert.store;

import java.util.List;
import java.util.Optional;

/**
 * The certificates on the shared volume, in certbot's layout, so existing proxy configs work unchanged.
 *
 * <p>Implementations guarantee that a reader of {@code live/<name>/} never sees a half-written file nor a
 * certificate paired with another version's key, also when the process dies in the middle of {@link #save}.
 */
public interface CertificateStore {

    /**
     * The live version of a certificate, or empty when none was ever stored.
     *
     * @throws StoreException when it exists but cannot be read, or its key does not match its certificate
     */
    Optional<StoredCertificate> current(String name) throws StoreException;

    /**
     * What the live version is, without its key: cheap to ask often (implementations may answer from memory
     * while the files are unchanged), so routine passes and status pages use it instead of {@link #current}.
     *
     * @throws StoreException as {@link #current} does
     */
    default Optional<LiveVersion> live(String name) throws StoreException {
        return current(name).map(LiveVersion::of);
    }

    /** Writes the material as a new archive version and switches {@code live/<name>} to it atomically. */
    StoredCertificate save(String name, CertificateMaterial material) throws StoreException;

    /**
     * Fails when {@link #save} could not work (volume missing, not mounted, read-only), so that the check runs
     * before a CA order is spent rather than after.
     */
    void checkWritable(String name) throws StoreException;

    /**
     * Whether the live version lacks a file the store's settings now want: {@code combined.pem} turned on after the
     * version was written. Storing the same material again completes it.
     */
    default boolean lacksWantedFiles(String name) throws StoreException {
        return false;
    }

    /** The lineage names present in the store, sidecert's and adopted certbot ones alike. */
    List<String> names() throws StoreException;

    /**
     * Removes every file of the lineage ({@code live/<name>}, {@code archive/<name>}, an adopted certbot lineage's
     * renewal configuration) and returns what it removed; nothing when there was none. Callers hold the
     * certificate's lock and have made sure no configured certificate uses the name.
     */
    List<String> remove(String name) throws StoreException;
}
