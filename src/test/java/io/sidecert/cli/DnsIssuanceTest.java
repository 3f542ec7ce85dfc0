package io.sidecert.cli;

import static io.sidecert.cli.HttpIssuanceTest.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sidecert.event.RenewalEvent;
import io.sidecert.store.StoredCertificate;
import io.sidecert.testing.LogCapture;
import io.sidecert.testing.BindPebbleExtension;
import io.sidecert.testing.BindServer;
import io.sidecert.testing.PebbleOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS-01 end to end: sidecert writes TXT records into a real BIND 9 (RFC 2136 with TSIG, or an exec hook running
 * nsupdate), waits until BIND, the zones' one authoritative server, answers them, and Pebble, resolving through
 * that BIND, validates them for real. BIND's update-policy lets the key write only the challenge names, as a
 * careful operator would.
 */
@Tag("container")
class DnsIssuanceTest {
    @RegisterExtension
    static final BindPebbleExtension DNS = new BindPebbleExtension(PebbleOptions.defaults());

    @TempDir
    Path dir;

    @Test
    void wildcardAndApexAreValidatedThroughBindAndNoRecordIsLeftBehind() throws Exception {
        Sidecert sidecert = sidecert().certificates(
                "wild { domains = [\"*.example.test\", example.test], challenge = dns-01, dns-provider = bind }");

        long started = System.nanoTime();
        List<RenewalEvent> events = sidecert.checkWithEvents();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("[timing] wildcard + apex certificate through BIND (RFC 2136) and Pebble: "
                + took.toMillis() + " ms");

        only(events, RenewalEvent.Renewed.class);
        StoredCertificate live = sidecert.live("wild");
        assertEquals(Set.of("*.example.test", "example.test"), Set.copyOf(live.facts().domains()));
        assertIssuedByPebble(live);
        assertTrue(DNS.bind().logs().contains("adding an RR at '_acme-challenge.example.test' TXT"), "added through BIND");
        assertEquals(Set.of(), DNS.bind().txt("_acme-challenge.example.test"), "both TXT values removed");
    }

    @Test
    void theTsigSecretNeverAppearsInTheLogsOfASuccessfulOrAFailedUpdate() throws Exception {
        Sidecert sidecert = sidecert().certificates(
                "logged { domains = [example.test], challenge = dns-01, dns-provider = bind }",
                "refusedkey { domains = [example.test], challenge = dns-01, dns-provider = wrongkey }");

        String logs = LogCapture.during(() -> sidecert.checkWithEvents());

        assertTrue(logs.contains("[logged] renewed"), "the capture works: " + logs);
        assertTrue(logs.contains("BADSIG"), "the failing update was logged too");
        assertFalse(logs.contains(DNS.bind().secret()), "the TSIG secret is in the logs");
    }

    @Test
    void cnameDelegationAndAChallengeAliasWriteIntoTheDelegatedZone() throws Exception {
        // _acme-challenge.cdn is one CNAME into delegated.test, _acme-challenge.chain two; the key may not write
        // at either name in example.test, so only following the CNAMEs (or the alias) can succeed.
        Sidecert sidecert = sidecert().certificates(
                "cdn { domains = [cdn.example.test, chain.example.test], challenge = dns-01, dns-provider = bind }",
                "aliased { domains = [alias.example.test], challenge = dns-01, dns-provider = bind, "
                        + "challenge-alias = alias.delegated.test }");

        List<RenewalEvent> events = sidecert.checkWithEvents();

        assertEquals(2, events.stream().filter(RenewalEvent.Renewed.class::isInstance).count(), events::toString);
        assertIssuedByPebble(sidecert.live("cdn"));
        assertIssuedByPebble(sidecert.live("aliased"));
        String bindLog = DNS.bind().logs();
        for (String target : List.of("cdn.acme.delegated.test", "chain.acme.delegated.test",
                "_acme-challenge.alias.delegated.test")) {
            assertTrue(bindLog.contains("adding an RR at '" + target + "' TXT"), target + " written");
            assertTrue(bindLog.contains("deleting an RR at " + target + " TXT"), target + " removed");
            assertEquals(Set.of(), DNS.bind().txt(target));
        }
    }

    @Test
    void aWrongTsigSecretFailsWithWhatToFixAndLeavesNoRecord() throws Exception {
        Sidecert sidecert = sidecert().certificates(
                "badkey { domains = [\"*.example.test\", example.test], challenge = dns-01, dns-provider = wrongkey }");

        RenewalEvent.Failed failed = only(sidecert.checkWithEvents(), RenewalEvent.Failed.class);

        String message = failed.message();
        assertTrue(message.contains("[badkey] dns-01 present example.test: "), message);
        assertTrue(message.contains("bad TSIG signature (NOTAUTH, BADSIG)"), message);
        assertTrue(message.contains("wrong.key is not the server's secret of key acme-key"), message);
        assertEquals(Set.of(), DNS.bind().txt("_acme-challenge.example.test"), "nothing was written");
    }

    @Test
    void anUpdateTheKeyIsNotAllowedIsRefusedWithAHintAtTheUpdatePolicy() throws Exception {
        Sidecert sidecert = sidecert().certificates(
                "shop { domains = [shop.example.test], challenge = dns-01, dns-provider = bind }");

        RenewalEvent.Failed failed = only(sidecert.checkWithEvents(), RenewalEvent.Failed.class);

        String message = failed.message();
        assertTrue(message.contains("[shop] dns-01 present shop.example.test: "), message);
        assertTrue(message.contains("(REFUSED)"), message);
        assertTrue(message.contains("grant acme-key name _acme-challenge.shop.example.test. TXT;"), message);
    }

    @Test
    void aNameInNoZoneOfTheServerIsReportedAsZoneNotFound() throws Exception {
        Sidecert sidecert = sidecert().certificates("elsewhere { domains = [www.example.test], challenge = dns-01, "
                + "dns-provider = bind, challenge-alias = acme.other.test }");

        RenewalEvent.Failed failed = only(sidecert.checkWithEvents(), RenewalEvent.Failed.class);

        String message = failed.message();
        assertTrue(message.contains("[elsewhere] dns-01 present www.example.test: " + DNS.bind().server()
                + " is not authoritative for a zone holding _acme-challenge.acme.other.test"), message);
        assertTrue(message.contains("set server to the primary of that zone"), message);
    }

    @Test
    void aChallengeAliasWithoutItsCnameFailsValidationWithAHintAtTheDns() throws Exception {
        // sidecert writes _acme-challenge.alias.delegated.test, but nothing points the CA there from this name.
        Sidecert sidecert = sidecert().certificates("nocname { domains = [nocname.example.test], challenge = dns-01, "
                + "dns-provider = bind, challenge-alias = alias.delegated.test }");

        RenewalEvent.Failed failed = only(sidecert.checkWithEvents(), RenewalEvent.Failed.class);

        String message = failed.message();
        assertTrue(message.startsWith("[nocname] validate: nocname.example.test: "), message);
        assertTrue(message.contains("[urn:ietf:params:acme:error:unauthorized] (the CA did not find the TXT record: "
                + "check that the zone's delegation and the CNAMEs of _acme-challenge lead"), message);
        assertEquals(Set.of(), DNS.bind().txt("_acme-challenge.alias.delegated.test"), "cleaned up after the failure");
    }

    @Test
    void anExecHookWritesTheRecordsWithNsupdate() throws Exception {
        Sidecert sidecert = sidecert().certificates("hooked { domains = [exec.delegated.test, \"*.exec.delegated.test\"], "
                + "challenge = dns-01, dns-provider = hook }");

        List<RenewalEvent> events = sidecert.checkWithEvents();

        only(events, RenewalEvent.Renewed.class);
        assertIssuedByPebble(sidecert.live("hooked"));
        assertTrue(DNS.bind().logs().contains("adding an RR at '_acme-challenge.exec.delegated.test' TXT"));
        assertEquals(Set.of(), DNS.bind().txt("_acme-challenge.exec.delegated.test"), "the hook's cleanup ran");
    }

    /**
     * sidecert with the providers every test here may use: BIND with the right key, BIND with a wrong one, and an
     * exec hook that runs nsupdate inside the BIND container (so this host needs no nsupdate of its own).
     */
    private Sidecert sidecert() throws Exception {
        BindServer bind = DNS.bind();
        Files.writeString(dir.resolve("tsig.key"), bind.keyClause());
        Files.writeString(dir.resolve("wrong.key"), bind.keyClause().replace(bind.secret(), randomSecret()));
        Path hook = Files.writeString(dir.resolve("nsupdate-hook.sh"), nsupdateHook(bind));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        // sidecert asks the authoritative server itself for CNAMEs and nameservers (it follows CNAMEs hop by hop),
        // so that its lookups never warm the resolver cache Pebble reads through.
        return new Sidecert(dir, DNS.ca()).settings(
                "dns-01 { resolvers = [\"" + bind.server() + "\"], propagation-timeout = 20s, propagation-interval = 200ms }",
                "dns-providers {",
                "  bind { type = rfc2136, server = \"" + bind.server() + "\", key-name = acme-key, key-secret-file = tsig.key }",
                "  wrongkey { type = rfc2136, server = \"" + bind.server() + "\", key-name = acme-key, key-secret-file = wrong.key }",
                "  hook { type = exec, script = nsupdate-hook.sh, timeout = 30s }",
                "}");
    }

    private static String nsupdateHook(BindServer bind) {
        return """
                #!/bin/sh
                # A user's DNS hook: sidecert calls it as `hook present|cleanup` with the record in its environment.
                set -eu
                case "$1" in
                  present) op=add ;;
                  cleanup) op=delete ;;
                  *) echo "unknown action $1" >&2; exit 2 ;;
                esac
                printf 'server 127.0.0.1\\nupdate %%s %%s. 60 TXT "%%s"\\nsend\\n' "$op" "$SIDECERT_DNS_RECORD" "$SIDECERT_DNS_VALUE" \\
                  | docker exec -i %s nsupdate -y hmac-sha256:%s:%s
                echo "nsupdate: $op TXT $SIDECERT_DNS_RECORD for $CERTBOT_DOMAIN"
                """.formatted(bind.containerId(), BindServer.KEY_NAME, bind.secret());
    }

    private static String randomSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void assertIssuedByPebble(StoredCertificate stored) {
        List<X509Certificate> chain = stored.material().chain();
        X509Certificate last = chain.get(chain.size() - 1);
        boolean verified = DNS.ca().issuingRoots().stream().anyMatch(root -> {
            try {
                last.verify(root.getPublicKey());
                return true;
            } catch (GeneralSecurityException notThisOne) {
                return false;
            }
        });
        assertTrue(verified, "the chain ends at one of Pebble's roots");
    }
}
