package io.sidecert.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shredzone.acme4j.toolbox.JSON;

class AcmeEndpointsTest {
    private static final String PEBBLE = "https://localhost:14000";

    private static AcmeEndpoints pebble() {
        AcmeEndpoints endpoints = new AcmeEndpoints(URI.create(PEBBLE + "/dir"));
        endpoints.learn(JSON.parse("""
                {"newNonce": "%1$s/nonce-plz", "newAccount": "%1$s/sign-me-up", "newOrder": "%1$s/order-plz",
                 "revokeCert": "%1$s/revoke-cert", "keyChange": "%1$s/rollover-account-key",
                 "renewalInfo": "%1$s/draft-ietf-acme-ari-03/renewalInfo", "meta": {"profiles": {}}}
                """.formatted(PEBBLE)));
        return endpoints;
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "/dir, directory",
            "/nonce-plz, new-nonce",
            "/sign-me-up, new-account",
            "/order-plz, new-order",
            "/revoke-cert, revoke-cert",
            "/rollover-account-key, key-change",
            "/draft-ietf-acme-ari-03/renewalInfo/aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE, renewal-info",
            "/my-order/Xb3k, order",
            "/finalize-order/Xb3k, finalize",
            "/authZ/a1b2, authorization",
            "/chalZ/c3d4, challenge",
            "/certZ/5e6f, certificate",
            "/my-account/1, account",
            "/something-else, other"})
    void namesPebblesEndpointsFromItsDirectoryAndPaths(String path, String expected) {
        assertEquals(expected, pebble().name(URI.create(PEBBLE + path)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "/acme/order/123/456, order",
            "/acme/finalize/123/456, finalize",
            "/acme/authz-v3/789, authorization",
            "/acme/chall-v3/789/AbC, challenge",
            "/acme/cert/03a1b2, certificate",
            "/acme/acct/123, account"})
    void namesLetsEncryptsPerObjectUrlsByTheirPath(String path, String expected) {
        AcmeEndpoints endpoints = new AcmeEndpoints(URI.create("https://acme-v02.api.letsencrypt.org/directory"));
        assertEquals(expected, endpoints.name(URI.create("https://acme-v02.api.letsencrypt.org" + path)));
    }
}
