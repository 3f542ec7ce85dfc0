package io.sidecert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.PebbleCaExtension;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A CA that requires External Account Binding: the key from a secret file gets an account; none gets a clear error. */
@Tag("container")
class ExternalAccountBindingTest {
    private static final String KID = "sidecert-kid";
    private static final String HMAC = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

    @RegisterExtension
    static final PebbleCaExtension PEBBLE = new PebbleCaExtension(
            PebbleOptions.defaults().withEabRequired(Map.of(KID, HMAC)));

    @TempDir
    Path dir;

    @Test
    void anAccountBoundWithTheKeyFromASecretFileCanOrder() throws Exception {
        Files.writeString(dir.resolve("eab-hmac"), HMAC + "\n");
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca())
                .acme("eab { kid = " + KID + ", hmac-key-file = eab-hmac }")
                .certificates("bound { domains = [bound.sidecert.test] }");

        sidecert.check().expect(0);

        assertEquals(List.of("bound.sidecert.test"), sidecert.live("bound").facts().domains());
    }

    @Test
    void withoutEabTheErrorNamesTheCertificateTheStepAndTheFix() throws Exception {
        Sidecert sidecert = new Sidecert(dir, PEBBLE.ca()).certificates("unbound { domains = [unbound.sidecert.test] }");

        Sidecert.Run run = sidecert.check().expect(1);

        assertTrue(run.out().contains("[unbound] account:"), run.out());
        assertTrue(run.out().contains("acme.eab"), "says which settings to add: " + run.out());
    }
}
