package io.sidecert.store;

import io.sidecert.testing.CertbotLineage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.config.KeyType;
import io.sidecert.testing.TestCertificates;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    @Test
    void certificatesRoundTripInOrder() throws IOException {
        CertificateMaterial material = TestCertificates.issue("shop.example");

        String pem = Pem.certificates(material.chain());

        assertEquals(material.chain(), Pem.readCertificates(pem));
        assertEquals(2, pem.split("-----BEGIN CERTIFICATE-----", -1).length - 1);
    }

    @Test
    void emptyListIsEmptyText() throws IOException {
        assertEquals("", Pem.certificates(List.of()));
        assertEquals(List.of(), Pem.readCertificates(""));
    }

    @Test
    void certificateFileWithAKeyInItIsRejected() throws IOException {
        KeyPair keys = TestCertificates.keyPair(KeyType.EC_P256);

        assertThrows(IOException.class, () -> Pem.readCertificates(Pem.privateKey(keys.getPrivate())));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void privateKeysAreWrittenAsPkcs8AndReadBack(KeyType type) throws IOException {
        KeyPair keys = TestCertificates.keyPair(type);

        String pem = Pem.privateKey(keys.getPrivate());

        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
        assertTrue(Pem.matches(Pem.readPrivateKey(pem), keys.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void readsTraditionalOpenSslKeysAsCertbotWritesThem(KeyType type) throws IOException {
        KeyPair keys = TestCertificates.keyPair(type);

        String pem = CertbotLineage.traditional(keys);

        String header = type.isRsa() ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----";
        assertTrue(pem.startsWith(header), pem);
        assertTrue(Pem.matches(Pem.readPrivateKey(pem), keys.getPublic()));
    }

    @Test
    void readsWhatOpensslEcparamGenkeyWritesIncludingItsParametersBlock() throws Exception {
        PrivateKey key = Pem.readPrivateKey(OPENSSL_EC_KEY);

        assertTrue(Pem.matches(key, publicKey("EC", OPENSSL_EC_PUBLIC)));
    }

    @Test
    void readsWhatOpensslGenrsaTraditionalWrites() throws Exception {
        PrivateKey key = Pem.readPrivateKey(OPENSSL_RSA_KEY);

        assertTrue(Pem.matches(key, publicKey("RSA", OPENSSL_RSA_PUBLIC)));
    }

    @Test
    void fileWithoutKeyIsRejected() {
        assertThrows(IOException.class, () -> Pem.readPrivateKey("nothing here\n"));
    }

    @Test
    void keyPairTakesThePublicKeyFromTheLeaf() throws InvalidKeyException {
        CertificateMaterial material = TestCertificates.issue("shop.example");

        KeyPair pair = Pem.keyPair(material.keyPair().getPrivate(), material.leaf());

        assertSame(material.keyPair().getPrivate(), pair.getPrivate());
        assertEquals(material.leaf().getPublicKey(), pair.getPublic());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"EC_P256", "RSA_2048"})
    void keyPairRefusesAKeyOfAnotherCertificate(KeyType type) {
        Instant now = Instant.now();
        CertificateMaterial material =
                TestCertificates.issue(List.of("a.example"), type, now, now.plus(Duration.ofDays(1)));
        PrivateKey other = TestCertificates.keyPair(type).getPrivate();

        assertThrows(InvalidKeyException.class, () -> Pem.keyPair(other, material.leaf()));
    }

    @Test
    void keysOfDifferentAlgorithmsNeverMatch() {
        KeyPair ec = TestCertificates.keyPair(KeyType.EC_P256);
        KeyPair rsa = TestCertificates.keyPair(KeyType.RSA_2048);

        assertFalse(Pem.matches(ec.getPrivate(), rsa.getPublic()));
        assertFalse(Pem.matches(rsa.getPrivate(), ec.getPublic()));
    }

    // Throwaway keys from `openssl ecparam -name prime256v1 -genkey` and `openssl genrsa -traditional 1024`
    // (OpenSSL 3.0), with their public halves from `openssl ec|rsa -pubout`.
    private static final String OPENSSL_EC_KEY = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIN4dCqzzOELFLINWBmf/987G4pjwuQutSnQPOQchvIOGoAoGCCqGSM49
            AwEHoUQDQgAEXVghlL53v84PZSu7fgC5hc83qvx4tyK1KqLnGFhOR8Yq24QAcNZH
            XwxzKtUGrgMS2flogkzAobfGKAl3kL7jEg==
            -----END EC PRIVATE KEY-----
            """;
    private static final String OPENSSL_EC_PUBLIC = """
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEXVghlL53v84PZSu7fgC5hc83qvx4
            tyK1KqLnGFhOR8Yq24QAcNZHXwxzKtUGrgMS2flogkzAobfGKAl3kL7jEg==
            """;
    private static final String OPENSSL_RSA_KEY = """
            -----BEGIN RSA PRIVATE KEY-----
            MIICXQIBAAKBgQDLvCfrt8NFPtnLH3MCJNwg/XEUnEPa2AD8BTq5fIosFT+KhDOy
            q4XWa/jxHGzOQtuxnDHooVvuaAA3qtDiAcxF9OoYC2VXWlQlIUbwGBVzpYPP+DO2
            jSDNpkqgO9EZJvLP/DpIsJlK/nA6eTejPJSlZ8iAnzDo+24CCdagenn4BwIDAQAB
            AoGASu6hICkuQMGlCPhALIGyFNAiTxpKOqtHcWna922+xAfsnt2Qxh4f04VSwhta
            SWJ9uw1frdfrH/xQWCkTOoy+vDOr8vBGS1fNDpZqka0CdvnxKwfOgVS0BB+TZv6U
            XrmMEz77XWwWYx+jXMJy4raS/tF/UNZKh7c+LQhiB4oQHgECQQD16rQZLarURGDW
            m3FZBJZ8/nzmb44Hx8UUrB2FAFr0WLuQoFzuMyGXMJTR9MsomNOmgwYKfP3Q9lWm
            ncZpBbIhAkEA1BavhTGwHMkXxolsUDozGKF66F81JYkHrleqM62uVNAm00YDeHBd
            rYfn3U1+reFAwbdOrebVex8t48jIm1s1JwJBAN+E5Q29pHgrbpmhz/TJZr9V0NDi
            tIX93fRcPLiXChTuUg2ytMUNVIrHbX0osz/DKR1AGk2OLmWwgUlgPudWdgECQHLQ
            4S5zKss6ljN1+/wmtbi02svnlub+GvloHg0iDkl98jbYJVLTSfOCqqRkqprJYfw9
            F0wPtiyUQYyaCvgH1WsCQQCpFmhCrCJO9gANbS52OU7pOftiy7REUMKEd2siQVRo
            bHSLXJKFUxGqTIFZ1zQNRXQmF9sMuF8AABqZTQt0PM6X
            -----END RSA PRIVATE KEY-----
            """;
    private static final String OPENSSL_RSA_PUBLIC = """
            MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDLvCfrt8NFPtnLH3MCJNwg/XEU
            nEPa2AD8BTq5fIosFT+KhDOyq4XWa/jxHGzOQtuxnDHooVvuaAA3qtDiAcxF9OoY
            C2VXWlQlIUbwGBVzpYPP+DO2jSDNpkqgO9EZJvLP/DpIsJlK/nA6eTejPJSlZ8iA
            nzDo+24CCdagenn4BwIDAQAB
            """;

    private static PublicKey publicKey(String algorithm, String base64) throws Exception {
        byte[] der = Base64.getMimeDecoder().decode(base64);
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void keyBelongsToTellsTheLeafsKeyFromAnotherAsWrittenAndAsCertbotWritesIt(KeyType type,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var material = io.sidecert.testing.TestCertificates.issue(List.of("shop.example"), type,
                java.time.Instant.now(), java.time.Instant.now().plusSeconds(3600));
        var other = io.sidecert.testing.TestCertificates.keyPair(type);
        var pkcs8 = java.nio.file.Files.writeString(dir.resolve("pkcs8.pem"), Pem.privateKey(material.keyPair().getPrivate()));
        var traditional = java.nio.file.Files.writeString(dir.resolve("traditional.pem"),
                io.sidecert.testing.CertbotLineage.traditional(material.keyPair()));
        var wrong = java.nio.file.Files.writeString(dir.resolve("wrong.pem"),
                io.sidecert.testing.CertbotLineage.traditional(other));

        assertTrue(Pem.keyBelongsTo(pkcs8, material.leaf()));
        assertTrue(Pem.keyBelongsTo(traditional, material.leaf()));
        assertFalse(Pem.keyBelongsTo(wrong, material.leaf()));
    }
}
