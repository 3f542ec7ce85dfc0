package io.sidecert.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.AcmeSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the account step fails when the fault is on this machine. */
class AcmeAccountsTest {
    private static final URI CA = URI.create("http://127.0.0.1:9/dir");

    @TempDir
    Path state;

    @Test
    void anAccountKeyThatCannotBeWrittenIsALocalFaultWithTheNormalBackOff() throws Exception {
        // A file where the accounts directory should be: no key can be created, even as root.
        Files.writeString(state.resolve("accounts"), "not a directory");
        var accounts = new AcmeAccounts(new AcmeSettings(CA, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty()), new AccountKeys(state), directory -> new TrustingSessionFactory().open(directory, Optional.empty()));

        AcmeFailure failure = assertThrows(AcmeFailure.class, () -> accounts.login("shop", CA));

        assertEquals(AcmeFailure.Retry.BACK_OFF, failure.retry(), "fixable here: about a minute, not a day");
        assertTrue(failure.getMessage().startsWith("[shop] account: cannot read or create the account key"),
                failure.getMessage());
    }
}
