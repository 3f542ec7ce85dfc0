package io.sidecert.acme;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;

/** Where each CA's account key is kept: the private state directory on one node, the database in a cluster. */
public interface AccountKeyStore {

    /** The key for this CA; created and saved the first time, exactly once even when several ask at once. */
    KeyPair loadOrCreate(URI directory) throws IOException;

    /** Where the key of {@code directory} is, for a person reading an error. */
    String describe(URI directory);
}
