package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DNS-01 settings as they load; what is rejected is in {@code broken-configs/45-*} and after. */
class Dns01ConfigTest {
    private static final String SECRET = "c2lkZWNlcnQtdGVzdC1zZWNyZXQtMzItYnl0ZXMtbG9uZyE=";
    private static final String KEY_CLAUSE = "key \"acme-key\" {\n\talgorithm hmac-sha512;\n\tsecret \"" + SECRET + "\";\n};\n";

    @TempDir
    Path dir;

    @Test
    void loadsEachProviderTypeWithItsDefaultsAndAWildcardCertificate() throws Exception {
        Files.writeString(dir.resolve("tsig.key"), KEY_CLAUSE);
        Files.writeString(dir.resolve("cf-token"), "cf-secret-token\n");
        Path hook = Files.writeString(dir.resolve("hook.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

        SidecertConfig config = load("""
                dns-01 { propagation-timeout = 5m }
                dns-providers {
                  bind { type = rfc2136, server = "ns1.example.com", key-name = acme-key, key-algorithm = HMAC-SHA512,
                         key-secret-file = tsig.key, propagation-interval = 10s }
                  cloudflare { type = cloudflare, api-token-file = cf-token }
                  hook { type = exec, script = hook.sh }
                }
                certificates {
                  wild { domains = ["*.example.com", example.com], challenge = dns-01, dns-provider = bind,
                         challenge-alias = ACME.Example.NET }
                }
                """, Map.of());

        Dns01Settings dns01 = config.dns01();
        assertEquals(new DnsProviderSettings.Rfc2136("bind", new ServerAddress("ns1.example.com", 53), "acme-key",
                TsigAlgorithm.HMAC_SHA512, SECRET, dir.resolve("tsig.key"), Duration.ofMinutes(5), Duration.ofSeconds(10)),
                dns01.provider("bind").orElseThrow());
        assertEquals(new DnsProviderSettings.Cloudflare("cloudflare", "cf-secret-token", dir.resolve("cf-token"),
                URI.create("https://api.cloudflare.com/client/v4"), Duration.ofMinutes(5), Duration.ofSeconds(2)),
                dns01.provider("cloudflare").orElseThrow());
        assertEquals(new DnsProviderSettings.Exec("hook", hook, Duration.ofSeconds(60), Duration.ofMinutes(5),
                Duration.ofSeconds(2)), dns01.provider("hook").orElseThrow());
        assertTrue(dns01.askAuthoritative());
        CertificateSpec wild = config.certificate("wild").orElseThrow();
        assertEquals(List.of("*.example.com", "example.com"), wild.domains());
        assertEquals(ChallengeType.DNS_01, wild.challenge());
        assertEquals(Optional.of("bind"), wild.dnsProvider());
        assertEquals(Optional.of("acme.example.net"), wild.challengeAlias());
    }

    @Test
    void withoutDnsSettingsTheDefaultsAreThoseOfReferenceConf() throws Exception {
        assertEquals(Dns01Settings.none(), load("acme.email = \"ops@example.com\"\n", Map.of()).dns01());
    }

    @Test
    void resolversMayComeFromOneEnvironmentVariable() throws Exception {
        SidecertConfig config = load("", Map.of(
                "SIDECERT_DNS__01_RESOLVERS", "192.0.2.53, [2001:db8::53]:5353 resolver.example.com:53",
                "SIDECERT_DNS__01_PROPAGATION__CHECK", "resolvers"));

        assertEquals(List.of(new ServerAddress("192.0.2.53", 53), new ServerAddress("2001:db8::53", 5353),
                new ServerAddress("resolver.example.com", 53)), config.dns01().resolvers());
        assertFalse(config.dns01().askAuthoritative());
    }

    @Test
    void secretsNeverShowInToString() throws Exception {
        Files.writeString(dir.resolve("tsig.key"), SECRET + "\n");
        Files.writeString(dir.resolve("cf-token"), "cf-secret-token");

        SidecertConfig config = load("""
                dns-providers {
                  bind { type = rfc2136, server = "192.0.2.53:5353", key-name = acme-key, key-secret-file = tsig.key }
                  cloudflare { type = cloudflare, api-token-file = cf-token }
                }
                """, Map.of());

        String shown = config.dns01().toString();
        assertFalse(shown.contains(SECRET), shown);
        assertFalse(shown.contains("cf-secret-token"), shown);
        assertEquals(SECRET, ((DnsProviderSettings.Rfc2136) config.dns01().provider("bind").orElseThrow()).keySecret());
    }

    private SidecertConfig load(String content, Map<String, String> environment) throws Exception {
        return new ConfigLoader(environment).load(Files.writeString(dir.resolve("sidecert.conf"), content));
    }
}
