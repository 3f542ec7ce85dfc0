package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TsigKeyFileTest {
    private static final String SECRET = "c2lkZWNlcnQtdGVzdC1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";

    @Test
    void aBareSecretIsTakenAsItIs() {
        assertEquals(Checked.valid(SECRET), secret(SECRET + "\n", "acme-key", TsigAlgorithm.HMAC_SHA256));
    }

    @Test
    void tsigKeygenOutputYieldsTheSecretOfTheNamedKey() {
        String file = "key \"other\" {\n\talgorithm hmac-sha256;\n\tsecret \"b3RoZXI=\";\n};\n"
                + "key \"acme-key\" {\n\talgorithm hmac-sha256;\n\tsecret \"" + SECRET + "\";\n};\n";

        assertEquals(Checked.valid(SECRET), secret(file, "acme-key.", TsigAlgorithm.HMAC_SHA256));
    }

    @Test
    void aKeyOfAnotherAlgorithmIsReportedWithTheFix() {
        String file = "key acme-key { algorithm hmac-sha512; secret \"" + SECRET + "\"; };";

        Checked<String> checked = secret(file, "acme-key", TsigAlgorithm.HMAC_SHA256);

        Checked.Invalid<String> invalid = (Checked.Invalid<String>) checked;
        assertTrue(invalid.problem().contains("is a hmac-sha512 key, but key-algorithm is hmac-sha256"), invalid.problem());
        assertEquals("set key-algorithm = hmac-sha512 (the server signs with the algorithm of its key)", invalid.fix());
    }

    @Test
    void somethingThatIsNotBase64IsRejectedWithoutShowingIt() {
        Checked<String> checked = secret("not base64 at all!", "acme-key", TsigAlgorithm.HMAC_SHA256);

        Checked.Invalid<String> invalid = (Checked.Invalid<String>) checked;
        assertTrue(invalid.problem().startsWith("file tsig.key does not hold a base64 TSIG secret"), invalid.problem());
        assertTrue(!invalid.problem().contains("base64 at all"), invalid.problem());
    }

    private static Checked<String> secret(String content, String keyName, TsigAlgorithm algorithm) {
        return TsigKeyFile.secret(content, "tsig.key", keyName, algorithm);
    }
}
