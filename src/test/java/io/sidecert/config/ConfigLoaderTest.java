package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final URI LETSENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    private static final URI STAGING = URI.create("https://acme-staging-v02.api.letsencrypt.org/directory");
    private static final String SHOP = "certificates { shop { domains = [shop.example.com] } }\n";

    @TempDir
    Path dir;

    @Test
    void exampleFilesInTheRepositoryLoadWithoutProblems() throws ConfigException {
        SidecertConfig config = new ConfigLoader(Map.of()).load(Path.of("config/sidecert.conf"));

        assertEquals(STAGING, config.acme().directory());
        assertEquals(Optional.of("ops@example.com"), config.acme().email());
        assertEquals(List.of("shop.example.com", "www.shop.example.com"), config.certificate("shop").orElseThrow().domains());
        CertificateSpec api = config.certificate("api").orElseThrow();
        assertEquals(KeyType.RSA_2048, api.keyType());
        assertEquals(Optional.of(Duration.ofDays(20)), api.renewBefore());
    }

    @Test
    void appliesEveryDefaultFromReferenceConf() throws Exception {
        SidecertConfig config = load(SHOP, Map.of());

        assertEquals(new AcmeSettings(LETSENCRYPT, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(new OrderBudgetLimit(300, Duration.ofHours(3)))), config.acme());
        assertEquals(new StorageSettings(Path.of("/certs"), Path.of("/var/lib/sidecert"), "rw-------", "rw-r--r--",
                Optional.empty(), Optional.empty(), false), config.storage());
        assertEquals(new Http01Settings(Http01Mode.WEBROOT, Path.of("/var/www/acme"), 8080), config.http01());
        assertEquals(new ScheduleSettings(Optional.empty(), 4), config.schedule());
        assertEquals(new ReloadSettings(new DockerSettings(URI.create("unix:///var/run/docker.sock"), false, Optional.empty()),
                List.of(new ReloadTarget(new ReloadTarget.InOwnProject(new ReloadTarget.ByLabel("sidecert.reload",
                        Optional.of("true"))), new ReloadTarget.Signal("HUP"), Optional.of(List.of("nginx", "-t")),
                        Optional.empty(), 443)),
                true, Duration.ofSeconds(60), List.of()), config.reload(),
                "the built-in target means the labelled proxies of sidecert's own project only");
        assertEquals(new CertificateSpec("shop", List.of("shop.example.com"), KeyType.EC_P256, false, ChallengeType.HTTP_01,
                LETSENCRYPT, Optional.empty(), Optional.empty()), config.certificate("shop").orElseThrow());
    }

    @Test
    void allowsAConfigurationWithoutCertificates() throws Exception {
        assertEquals(List.of(), load("acme.email = \"ops@example.com\"\n", Map.of()).certificates());
    }

    @Test
    void normalisesDomainNamesToLowercasePunycode() throws Exception {
        SidecertConfig config = load("certificates { shop { domains = [\" Shop.Example.COM \", bücher.example] } }\n", Map.of());

        assertEquals(List.of("shop.example.com", "xn--bcher-kva.example"), config.certificate("shop").orElseThrow().domains());
    }

    @Test
    void acceptsQuotedCertificateNamesWithDots() throws Exception {
        SidecertConfig config = load("certificates { \"shop.example.com\" { domains = [shop.example.com] } }\n", Map.of());

        assertTrue(config.certificate("shop.example.com").isPresent());
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        SidecertConfig config = load("schedule.parallelism = 8\nacme.email = \"old@example.com\"\n", Map.of(
                "SIDECERT_SCHEDULE_PARALLELISM", "2",
                "SIDECERT_HTTP__01_MODE", "standalone",
                "SIDECERT_ACME_EMAIL", "ops@example.com",
                "SIDECERT_CONFIG", "/somewhere/else.conf",
                "SIDECERT_LOG_FORMAT", "json"));

        assertEquals(2, config.schedule().parallelism());
        assertEquals(Http01Mode.STANDALONE, config.http01().mode());
        assertEquals(Optional.of("ops@example.com"), config.acme().email());
    }

    @Test
    void emptyEnvironmentVariableUnsetsASetting() throws Exception {
        SidecertConfig config = load("acme.email = \"ops@example.com\"\n", Map.of("SIDECERT_ACME_EMAIL", ""));

        assertEquals(Optional.empty(), config.acme().email());
    }

    @Test
    void substitutionsReadTheGivenEnvironmentNotTheProcessOne() throws Exception {
        SidecertConfig config = load("acme.email = ${?OPS_EMAIL}\n", Map.of("OPS_EMAIL", "ops@example.com"));

        assertEquals(Optional.of("ops@example.com"), config.acme().email());
    }

    @Test
    void resolvesRelativePathsAgainstTheMainFilesDirectory() throws Exception {
        Path configDir = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(configDir.resolve("ca.pem"),
                io.sidecert.store.Pem.certificates(List.of(io.sidecert.testing.TestCertificates.root())));
        Files.writeString(Files.createDirectories(configDir.resolve("secrets")).resolve("eab"), "key\n");
        Path main = write(configDir.resolve("sidecert.conf"), """
                acme { trust-pem = ca.pem, eab { kid = k1, hmac-key-file = secrets/eab } }
                storage { certificates = certs, state = "../state" }
                http-01.webroot = www
                """);

        SidecertConfig config = new ConfigLoader(Map.of()).load(main);

        assertEquals(Optional.of(configDir.resolve("ca.pem")), config.acme().trustPem());
        assertEquals(configDir.resolve("certs"), config.storage().certificates());
        assertEquals(dir.resolve("state"), config.storage().state());
        assertEquals(configDir.resolve("www"), config.http01().webroot());
    }

    @Test
    void readsTheEabHmacKeyFromAFileAndTrimsIt() throws Exception {
        Files.writeString(dir.resolve("eab-hmac"), "  c2VjcmV0LWtleQ\n");

        SidecertConfig config = load("acme { ca = zerossl, eab { kid = kid-1, hmac-key-file = eab-hmac } }\n", Map.of());

        assertEquals(Optional.of(new AcmeSettings.ExternalAccountBinding("kid-1", "c2VjcmV0LWtleQ")), config.acme().eab());
    }

    @Test
    void certificateSettingsOverrideCertificateDefaults() throws Exception {
        SidecertConfig config = load("""
                certificate-defaults { key-type = rsa-4096, reuse-key = true }
                certificates {
                  shop { domains = [shop.example.com] }
                  api { domains = [api.example.com], key-type = ec-p384, ca = letsencrypt-staging, profile = shortlived }
                }
                """, Map.of());

        CertificateSpec shop = config.certificate("shop").orElseThrow();
        CertificateSpec api = config.certificate("api").orElseThrow();
        assertEquals(KeyType.RSA_4096, shop.keyType());
        assertTrue(shop.reuseKey());
        assertEquals(LETSENCRYPT, shop.ca());
        assertEquals(KeyType.EC_P384, api.keyType());
        assertEquals(STAGING, api.ca());
        assertEquals(Optional.of("shortlived"), api.profile());
    }

    @Test
    void acceptsOctalModesAndPlainHttpForALocalCa() throws Exception {
        SidecertConfig config = load("""
                acme.ca = "http://localhost:14000/dir"
                storage { key-mode = 0640, cert-mode = "444" }
                schedule.cron = "0 17 * * * ?"
                """, Map.of());

        assertEquals(URI.create("http://localhost:14000/dir"), config.acme().directory());
        assertEquals("rw-r-----", config.storage().keyMode());
        assertEquals("r--r--r--", config.storage().certMode());
        assertEquals(Optional.of("0 17 * * * ?"), config.schedule().cron());
    }

    @Test
    void eachReloadTargetTakesTheSectionsSettingsUnlessItSetsItsOwn() throws Exception {
        SidecertConfig config = load("""
                reload {
                  exec = "nginx -s reload"
                  verify { port = 8443, timeout = 2m }
                  targets = [
                    { label = sidecert.reload }
                    { container = "/edge", signal = sigusr2, config-test = [haproxy, -c, -f, /etc/haproxy.cfg] }
                    { service = web, exec = null, config-test = null, verify-host = "10.0.0.5", verify-port = 443 }
                  ]
                }
                """, Map.of());

        ReloadSettings reload = config.reload();
        Optional<List<String>> nginxTest = Optional.of(List.of("nginx", "-t"));
        assertEquals(List.of(
                new ReloadTarget(new ReloadTarget.ByLabel("sidecert.reload", Optional.empty()),
                        new ReloadTarget.Exec(List.of("nginx", "-s", "reload")), nginxTest, Optional.empty(), 8443),
                new ReloadTarget(new ReloadTarget.ByName("edge"), new ReloadTarget.Signal("USR2"),
                        Optional.of(List.of("haproxy", "-c", "-f", "/etc/haproxy.cfg")), Optional.empty(), 8443),
                new ReloadTarget(new ReloadTarget.ByService("web"), new ReloadTarget.Signal("HUP"), Optional.empty(),
                        Optional.of("10.0.0.5"), 443)),
                reload.targets());
        assertEquals(Duration.ofMinutes(2), reload.verifyTimeout());
    }

    @Test
    void anEmptyTargetVariableSwitchesReloadsOffAndDockerCanBeRemote() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("docker-tls"));
        for (String file : List.of("ca.pem", "cert.pem", "key.pem")) {
            Files.writeString(tls.resolve(file), "pem");
        }

        SidecertConfig config = load("docker.cert-path = docker-tls\n", Map.of("SIDECERT_RELOAD_TARGETS", "",
                "SIDECERT_DOCKER_HOST", "tcp://docker.example:2376", "SIDECERT_DOCKER_TLS__VERIFY", "true"));

        assertEquals(List.of(), config.reload().targets());
        assertEquals(new DockerSettings(URI.create("tcp://docker.example:2376"), true, Optional.of(tls)),
                config.reload().docker());
    }

    @Test
    void reloadCommandsAloneTellNoContainerAndNeedNoDocker() throws Exception {
        SidecertConfig config = load("""
                reload.commands = [
                  { test = [nginx, -t], run = [nginx, -s, reload], timeout = 20s, verify = "127.0.0.1:8443" }
                  { run = "systemctl reload haproxy" }
                ]
                storage.combined-pem = true
                """, Map.of());

        assertEquals(List.of(), config.reload().targets(), "the default label target applies only without commands");
        assertEquals(List.of(
                new ReloadCommand(Optional.of(List.of("nginx", "-t")), List.of("nginx", "-s", "reload"),
                        Duration.ofSeconds(20), Optional.of(new ReloadCommand.Verify("127.0.0.1", 8443))),
                new ReloadCommand(Optional.empty(), List.of("systemctl", "reload", "haproxy"), Duration.ofSeconds(30),
                        Optional.empty())), config.reload().commands());
        assertTrue(config.storage().combinedPem());
    }

    @Test
    void reloadCommandsBesideTargetsOfOnesOwnKeepBoth() throws Exception {
        SidecertConfig config = load("""
                reload {
                  targets = [ { container = nginx } ]
                  commands = [ { run = [/usr/local/bin/deploy-hook] } ]
                }
                """, Map.of());

        assertEquals(1, config.reload().targets().size());
        assertEquals(1, config.reload().commands().size());
        assertTrue(!config.storage().combinedPem());
    }

    @Test
    void reportsAMissingMainFileAsAProblem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(dir.resolve("nowhere.conf")));

        ConfigProblem problem = e.problems().get(0);
        assertEquals(dir.resolve("nowhere.conf").toString(), problem.origin());
        assertTrue(problem.problem().contains("does not exist"), problem.problem());
    }

    @Test
    void reportsEveryProblemInOneException() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                acme.email = "mailto:ops@example.com"
                http-01.port = 0
                schedule.parallelism = lots
                certificates {
                  shop { domains = [localhost, "*.example.com"], key-type = dsa }
                }
                """, Map.of("SIDECERT_STORAGE_OWNR", "nginx")));

        assertEquals(List.of("acme.email", "certificates.shop.domains", "certificates.shop.domains",
                        "certificates.shop.key-type", "http-01.port", "schedule.parallelism", "storage.ownr"),
                e.problems().stream().map(ConfigProblem::key).sorted().toList());
    }

    private SidecertConfig load(String content, Map<String, String> environment) throws IOException, ConfigException {
        return new ConfigLoader(environment).load(write(dir.resolve("sidecert.conf"), content));
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }
}
