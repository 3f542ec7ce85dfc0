package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small pure checks behind the sections, as tables. */
class ValueCheckersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "letsencrypt              | https://acme-v02.api.letsencrypt.org/directory",
            "LetsEncrypt-Staging      | https://acme-staging-v02.api.letsencrypt.org/directory",
            "zerossl                  | https://acme.zerossl.com/v2/DV90",
            "https://ca.example/dir   | https://ca.example/dir",
            "http://localhost:14000/d | http://localhost:14000/d",
            "http://127.0.0.1/dir     | http://127.0.0.1/dir",
    })
    void resolvesCaNamesAndUrls(String configured, String directory) {
        assertEquals(Checked.valid(URI.create(directory)), new CaDirectories().resolve(configured));
    }

    @ParameterizedTest
    @ValueSource(strings = {"letsencrpyt", "http://ca.example/dir", "ftp://ca.example/dir", "/directory", "https://", "ht tp://x"})
    void rejectsOtherCas(String configured) {
        assertInstanceOf(Checked.Invalid.class, new CaDirectories().resolve(configured));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0600, rw-------", "0644, rw-r--r--", "640, rw-r-----", "0755, rwxr-xr-x", "000, ---------"})
    void turnsOctalModesIntoPosixPermissions(String octal, String symbolic) {
        assertEquals(Checked.valid(symbolic), new FileModes().toPermissions(octal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4755", "0800", "60", "06000", "rw-------", ""})
    void rejectsModesThatAreNotPlainOctal(String mode) {
        assertInstanceOf(Checked.Invalid.class, new FileModes().toPermissions(mode));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "SIDECERT_ACME_EMAIL, acme.email",
            "SIDECERT_HTTP__01_MODE, http-01.mode",
            "SIDECERT_ACME_EAB_HMAC__KEY__FILE, acme.eab.hmac-key-file",
            "SIDECERT_SCHEDULE_PARALLELISM, schedule.parallelism",
    })
    void mapsEnvironmentVariablesToKeysAndBack(String variable, String key) {
        assertEquals(Optional.of(List.of(key.split("\\."))), EnvironmentOverrides.path(variable));
        assertEquals(variable, EnvironmentOverrides.variable(key));
    }

    @Test
    void ignoresVariablesWithoutThePrefix() {
        assertEquals(Optional.empty(), EnvironmentOverrides.path("ACME_EMAIL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops.example.com", "ops@example", "ops@@example.com", "ops @example.com", "mailto:ops@example.com"})
    void rejectsUnlikelyEmailAddresses(String address) {
        assertInstanceOf(Checked.Invalid.class, AcmeSection.email(address));
    }

    @Test
    void suggestsKnownKeysWithinTwoEdits() {
        List<String> known = List.of("domains", "key-type", "renew-before", "reuse-key");
        assertEquals(Optional.of("renew-before"), Suggestions.closest("renew-befor", known));
        assertEquals(Optional.of("key-type"), Suggestions.closest("keytype", known));
        assertEquals(Optional.empty(), Suggestions.closest("tls", known));
    }
}
