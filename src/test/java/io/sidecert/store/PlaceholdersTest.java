package io.sidecert.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.testing.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaceholdersTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aPlaceholderIsSelfSignedForTheConfiguredNamesAndValidNow() throws Exception {
        CertificateMaterial placeholder = Placeholders.create(List.of("shop.example", "www.shop.example"), NOW);

        CertificateFacts facts = placeholder.facts();
        assertEquals(List.of("shop.example", "www.shop.example"), facts.domains());
        assertEquals(java.util.Optional.of(Placeholders.COMMON_NAME), facts.commonName());
        assertTrue(facts.notBefore().isBefore(NOW) && facts.notAfter().isAfter(NOW.plus(Duration.ofDays(90))),
                facts.notBefore() + " .. " + facts.notAfter());
        assertEquals(1, placeholder.chain().size(), "no chain: nothing signed it but itself");
        placeholder.leaf().verify(placeholder.leaf().getPublicKey());
        assertTrue(Pem.matches(placeholder.keyPair().getPrivate(), placeholder.leaf().getPublicKey()));
    }

    @Test
    void aPlaceholderIsRecognisedAndACaIssuedCertificateIsNot() {
        assertTrue(Placeholders.isPlaceholder(Placeholders.create(List.of("shop.example"), NOW).leaf()));
        assertFalse(Placeholders.isPlaceholder(TestCertificates.issue("shop.example").leaf()));
    }

    @Test
    void aStoredPlaceholderReadsBackAsOne(@TempDir Path root) throws Exception {
        CertbotLayoutStore store = new CertbotLayoutStore(root, FileModes.defaults(), FileOwnership.unchanged());
        store.save("shop", Placeholders.create(List.of("shop.example"), NOW));
        store.save("api", TestCertificates.issue("api.example"));

        assertTrue(store.current("shop").orElseThrow().isPlaceholder());
        assertFalse(store.current("api").orElseThrow().isPlaceholder());
    }
}
