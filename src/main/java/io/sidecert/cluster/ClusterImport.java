package io.sidecert.cluster;

import static java.util.Objects.requireNonNull;

import io.sidecert.acme.AccountKeys;
import io.sidecert.store.CertificateState;
import io.sidecert.store.CertificateStore;
import io.sidecert.store.StateStore;
import io.sidecert.store.StoreException;
import io.sidecert.store.StoredCertificate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Loads a single node's store into the cluster database: its account key per CA (so the cluster orders under the
 * same account), each certificate's state and its current version (so nothing is ordered again). What the database
 * has already wins: a newer version stays current, an account key already there is kept, a state already there is
 * not overwritten.
 */
public final class ClusterImport {
    private final CertificateStore files;
    private final StateStore fileStates;
    private final AccountKeys fileAccounts;
    private final SharedVersions versions;
    private final StateStore dbStates;
    private final DbAccountKeys dbAccounts;

    public ClusterImport(CertificateStore files, StateStore fileStates, AccountKeys fileAccounts,
            SharedVersions versions, StateStore dbStates, DbAccountKeys dbAccounts) {
        this.files = requireNonNull(files, "files");
        this.fileStates = requireNonNull(fileStates, "fileStates");
        this.fileAccounts = requireNonNull(fileAccounts, "fileAccounts");
        this.versions = requireNonNull(versions, "versions");
        this.dbStates = requireNonNull(dbStates, "dbStates");
        this.dbAccounts = requireNonNull(dbAccounts, "dbAccounts");
    }

    /** What was taken and what was kept as the database had it. */
    public record Report(List<String> accounts, List<String> certificates, List<String> states, List<String> kept) {
        public String describe() {
            return "imported " + accounts.size() + " account key(s) " + accounts + ", " + certificates.size()
                    + " certificate(s) " + certificates + ", " + states.size() + " state(s); kept as the database"
                    + " had them: " + (kept.isEmpty() ? "nothing" : kept);
        }
    }

    public Report run(Collection<String> names, Collection<URI> directories)
            throws IOException, SQLException, StoreException {
        List<String> accounts = new ArrayList<>();
        List<String> certificates = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (URI directory : directories) {
            if (Files.exists(fileAccounts.keyFile(directory))) {
                if (dbAccounts.importKey(directory, fileAccounts.loadOrCreate(directory))) {
                    accounts.add(directory.toString());
                } else {
                    kept.add("account of " + directory);
                }
            }
        }
        for (String name : names) {
            Optional<StoredCertificate> own = files.current(name).filter(c -> !c.isPlaceholder());
            if (own.isEmpty()) {
                continue;
            }
            Optional<SharedVersions.Head> head = versions.head(name);
            if (head.isEmpty() || head.get().notBefore().isBefore(own.get().facts().notBefore())) {
                versions.add(name, own.get().material());
                certificates.add(name);
            } else {
                kept.add("certificate " + name);
            }
            CertificateState state = fileStates.load(name);
            if (dbStates.load(name).equals(CertificateState.initial(name)) && !state.equals(CertificateState.initial(name))) {
                dbStates.save(state);
                states.add(name);
            }
        }
        return new Report(accounts, certificates, states, kept);
    }
}
