package io.sidecert.challenge.dns01.rfc2136;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Rcode;

class UpdateErrorsTest {
    private final UpdateErrors errors = new UpdateErrors("ns1.example.com:53", "acme-key", "hmac-sha256",
            "/run/secrets/tsig");

    @ParameterizedTest(name = "{0}/{1} says: {3}")
    @CsvSource(delimiter = '|', value = {
            "REFUSED  | NOERROR | true  | the update was refused (REFUSED): the key acme-key may not change this name; allow it in the zone's update-policy, e.g. in BIND: grant acme-key name _acme-challenge.example.com. TXT;",
            "NOTAUTH  | BADSIG  | false | bad TSIG signature (NOTAUTH, BADSIG): the secret in /run/secrets/tsig is not the server's secret of key acme-key",
            "NOTAUTH  | BADKEY  | false | the server does not know the key acme-key with algorithm hmac-sha256 (NOTAUTH, BADKEY)",
            "NOTAUTH  | BADTIME | false | (NOTAUTH, BADTIME); the clocks of sidecert and the server differ",
            "NOTAUTH  | NOERROR | true  | the server is not authoritative for the zone or does not accept the key (NOTAUTH)",
            "SERVFAIL | NOERROR | true  | the server failed (SERVFAIL): see its log",
            "NOERROR  | NOERROR | false | its answer is not signed with key acme-key, so sidecert cannot trust it"})
    void eachAnswerSaysWhatToFix(String rcode, String tsigError, boolean verified, String expected) {
        Optional<String> problem = errors.describe("add", "_acme-challenge.example.com", "example.com",
                Rcode.value(rcode), tsigError(tsigError), verified);

        assertTrue(problem.isPresent());
        assertTrue(problem.get().startsWith("ns1.example.com:53 did not add TXT _acme-challenge.example.com in zone "
                + "example.com: "), problem.get());
        assertTrue(problem.get().contains(expected), problem.get());
    }

    @ParameterizedTest(name = "signed NOERROR is success")
    @CsvSource("NOERROR")
    void aSignedNoerrorIsSuccess(String rcode) {
        assertEquals(Optional.empty(), errors.describe("add", "_acme-challenge.example.com", "example.com",
                Rcode.value(rcode), Rcode.NOERROR, true));
    }

    private static int tsigError(String name) {
        return switch (name) {
            case "BADSIG" -> Rcode.BADSIG;
            case "BADKEY" -> Rcode.BADKEY;
            case "BADTIME" -> Rcode.BADTIME;
            default -> Rcode.NOERROR;
        };
    }
}
