package io.sidecert.renew;

import static io.sidecert.renew.RenewalDecision.Reason.ARI_WINDOW_OPEN;
import static io.sidecert.renew.RenewalDecision.Reason.EXPIRED;
import static io.sidecert.renew.RenewalDecision.Reason.EXPIRING;
import static io.sidecert.renew.RenewalDecision.Reason.KEY_TYPE_CHANGED;
import static io.sidecert.renew.RenewalDecision.Reason.NAMES_CHANGED;
import static io.sidecert.renew.RenewalDecision.Reason.NOT_DUE;
import static io.sidecert.renew.RenewalDecision.Reason.NO_CERTIFICATE;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.sidecert.config.CertificateSpec;
import io.sidecert.config.ChallengeType;
import io.sidecert.config.KeyType;
import io.sidecert.renew.RenewalDecision.Reason;
import io.sidecert.store.CertificateFacts;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenewalPolicyTest {

    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    private static final Optional<Instant> NO_ARI = Optional.empty();
    private static final Optional<Issued> NO_CERTIFICATE_YET = Optional.empty();

    private final RenewalPolicy policy = new RenewalPolicy();

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // renew-before derived from the lifetime
                row("90-day cert, 60 days left, renew-before unset: not due",
                        config(), issued(90, ofDays(60)), NO_ARI, expect(NOT_DUE).at(NOW.plus(ofDays(30)))),
                row("90-day cert, 30 days left: due",
                        config(), issued(90, ofDays(30)), NO_ARI, expect(EXPIRING).at(NOW)),
                row("90-day cert, 31 days left: not due",
                        config(), issued(90, ofDays(31)), NO_ARI, expect(NOT_DUE).at(NOW.plus(ofDays(1)))),
                row("45-day cert, 16 days left: not due",
                        config(), issued(45, ofDays(16)), NO_ARI, expect(NOT_DUE).at(NOW.plus(ofDays(1)))),
                row("45-day cert, 15 days left: due",
                        config(), issued(45, ofDays(15)), NO_ARI, expect(EXPIRING)),
                row("10-day cert, 4 days left: not due (a third, 3d8h)",
                        config(), issued(10, ofDays(4)), NO_ARI, expect(NOT_DUE).at(NOW.plus(ofHours(16)))),
                row("9-day cert, 4 days left: due (half, 4d12h)",
                        config(), issued(9, ofDays(4)), NO_ARI, expect(EXPIRING)),
                row("6-day cert, 3 days left: due",
                        config(), issued(6, ofDays(3)), NO_ARI, expect(EXPIRING)),
                row("6-day cert, 4 days left: not due",
                        config(), issued(6, ofDays(4)), NO_ARI, expect(NOT_DUE).at(NOW.plus(ofDays(1)))),
                row("1-year cert, 31 days left: not due",
                        config(), issued(365, ofDays(31)), NO_ARI, expect(NOT_DUE)),
                row("1-year cert, 30 days left: due",
                        config(), issued(365, ofDays(30)), NO_ARI, expect(EXPIRING)),
                row("expired: due",
                        config(), issued(90, ofHours(-1)), NO_ARI,
                        expect(EXPIRED).at(NOW.minus(ofDays(30)).minus(ofHours(1)))),
                row("expired while the ARI window is open: reported as expired",
                        config(), issued(90, ofHours(-1)), ari(ofDays(-20)), expect(EXPIRED)),

                // explicit renew-before
                row("renew-before 20d explicit, 25 days left: not due",
                        config().renewBefore(ofDays(20)), issued(90, ofDays(25)), NO_ARI,
                        expect(NOT_DUE).at(NOW.plus(ofDays(5)))),
                row("renew-before 20d explicit, 20 days left: due",
                        config().renewBefore(ofDays(20)), issued(90, ofDays(20)), NO_ARI, expect(EXPIRING)),
                row("renew-before 45d on 90-day cert: exactly half, no warning",
                        config().renewBefore(ofDays(45)), issued(90, ofDays(45)), NO_ARI, expect(EXPIRING)),
                row("renew-before 60d on 90-day cert: capped to 45d with warning",
                        config().renewBefore(ofDays(60)), issued(90, ofDays(50)), NO_ARI,
                        expect(NOT_DUE).at(NOW.plus(ofDays(5))).warning("renew-before 60d is more than half of the"
                                + " 90-day lifetime; using 45d so the certificate does not renew in a loop")),

                // ACME Renewal Information
                row("ARI window already open: due even if far from expiry",
                        config(), issued(90, ofDays(60)), ari(ofHours(-1)),
                        expect(ARI_WINDOW_OPEN).at(NOW.minus(ofHours(1)))),
                row("ARI time is now: due",
                        config(), issued(90, ofDays(60)), ari(Duration.ZERO), expect(ARI_WINDOW_OPEN).at(NOW)),
                row("ARI time in the future: not due, renewAt is the ARI time",
                        config(), issued(90, ofDays(60)), ari(ofDays(5)), expect(NOT_DUE).at(NOW.plus(ofDays(5)))),
                row("ARI time after renew-before would renew: not due, renewAt is the earlier renew-before time",
                        config(), issued(90, ofDays(40)), ari(ofDays(20)), expect(NOT_DUE).at(NOW.plus(ofDays(10)))),
                row("ARI time in the future but renew-before reached: due",
                        config(), issued(90, ofDays(29)), ari(ofDays(5)), expect(EXPIRING)),

                // what the configuration asks for
                row("no certificate yet: due",
                        config(), NO_CERTIFICATE_YET, NO_ARI, expect(NO_CERTIFICATE).at(NOW)),
                row("name added: due",
                        config().names("example.com", "www.example.com", "api.example.com"), issued(90, ofDays(60)),
                        NO_ARI, expect(NAMES_CHANGED).at(NOW)),
                row("name removed: due",
                        config().names("example.com"), issued(90, ofDays(60)), NO_ARI, expect(NAMES_CHANGED)),
                row("names reordered only: not due",
                        config().names("example.com", "www.example.com", "api.example.com"),
                        issued(90, ofDays(60)).names("api.example.com", "www.example.com", "example.com"),
                        NO_ARI, expect(NOT_DUE)),
                row("names differ only in case: not due",
                        config().names("Example.COM", "www.example.com"), issued(90, ofDays(60)), NO_ARI,
                        expect(NOT_DUE)),
                row("subject changed: due",
                        config().names("www.example.com", "example.com"), issued(90, ofDays(60)), NO_ARI,
                        expect(NAMES_CHANGED)),
                row("CA sorted the names, subject (CN) unchanged: not due",
                        config().names("www.example.com", "example.com"),
                        issued(90, ofDays(60)).commonName("www.example.com"), NO_ARI, expect(NOT_DUE)),
                row("certificate without CN, config lists another name first: not due",
                        config().names("www.example.com", "example.com"), issued(90, ofDays(60)).withoutCommonName(),
                        NO_ARI, expect(NOT_DUE)),
                row("key type changed ec-p256 to rsa-2048: due",
                        config().keyType(KeyType.RSA_2048), issued(90, ofDays(60)), NO_ARI,
                        expect(KEY_TYPE_CHANGED).at(NOW)),
                row("key of a type sidecert does not issue: due",
                        config(), issued(90, ofDays(60)).unknownKeyType(), NO_ARI, expect(KEY_TYPE_CHANGED)),
                row("names and key type changed: names reported first",
                        config().names("example.com").keyType(KeyType.RSA_2048), issued(90, ofDays(60)), NO_ARI,
                        expect(NAMES_CHANGED)),
                row("key type changed on an expired cert: key type reported first",
                        config().keyType(KeyType.RSA_2048), issued(90, ofHours(-1)), NO_ARI, expect(KEY_TYPE_CHANGED)));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("scenarios")
    void decidesAsTheScenarioExpects(Config config, Optional<Issued> issued, Optional<Instant> ari, Expect expect) {
        RenewalDecision decision = policy.decide(config.spec(), issued.map(Issued::facts), ari, NOW);

        assertEquals(expect.reason(), decision.reason(), decision::describe);
        assertEquals(expect.reason() != NOT_DUE, decision.due(), decision::describe);
        expect.renewAt().ifPresent(at -> assertEquals(at, decision.renewAt(), decision::describe));
        assertEquals(expect.warning(), decision.warning());
    }

    static Stream<Arguments> descriptions() {
        return Stream.of(
                row("no certificate yet", config(), NO_CERTIFICATE_YET, NO_ARI, "due: no certificate yet"),
                row("not due", config(), issued(90, ofDays(45)), NO_ARI,
                        "not due: renews at 2026-06-16T10:00Z, 45 days left"),
                row("expiring", config(), issued(90, ofDays(30)), NO_ARI,
                        "due: 30 days left, renew-before is 30d"),
                row("expiring within the day", config(), issued(6, ofHours(5)), NO_ARI,
                        "due: 5 hours left, renew-before is 3d"),
                row("expired", config(), issued(90, ofHours(-1)), NO_ARI, "due: expired at 2026-06-01T09:00Z"),
                row("ARI window open", config(), issued(90, ofDays(60)), ari(ofHours(-1)),
                        "due: the CA suggests renewing from 2026-06-01T09:00Z (ARI), 60 days left"),
                row("name added", config().names("example.com", "www.example.com", "api.example.com"),
                        issued(90, ofDays(60)), NO_ARI, "due: names changed (config has api.example.com, example.com,"
                                + " www.example.com; certificate has example.com, www.example.com)"),
                row("subject changed", config().names("www.example.com", "example.com"), issued(90, ofDays(60)),
                        NO_ARI, "due: subject changed (config has www.example.com first;"
                                + " certificate is for example.com)"),
                row("key type changed", config().keyType(KeyType.RSA_2048), issued(90, ofDays(60)), NO_ARI,
                        "due: key type changed (config has rsa-2048; certificate has ec-p256)"),
                row("unknown key type", config(), issued(90, ofDays(60)).unknownKeyType(), NO_ARI,
                        "due: key type changed (config has ec-p256;"
                                + " certificate has a key of a type sidecert does not issue)"));
    }

    @ParameterizedTest(name = "{argumentSetName}")
    @MethodSource("descriptions")
    void describesTheDecisionForPeople(Config config, Optional<Issued> issued, Optional<Instant> ari, String text) {
        assertEquals(text, policy.decide(config.spec(), issued.map(Issued::facts), ari, NOW).describe());
    }

    private static Arguments row(String name, Config config, Issued issued, Optional<Instant> ari, Object expected) {
        return row(name, config, Optional.of(issued), ari, expected);
    }

    private static Arguments row(
            String name, Config config, Optional<Issued> issued, Optional<Instant> ari, Object expected) {
        return argumentSet(name, config, issued, ari, expected);
    }

    private static Optional<Instant> ari(Duration fromNow) {
        return Optional.of(NOW.plus(fromNow));
    }

    private static Config config() {
        return new Config(List.of("example.com", "www.example.com"), KeyType.EC_P256, Optional.empty());
    }

    /** A certificate for the default config's names, with {@code left} to go at {@link #NOW}. */
    private static Issued issued(int lifetimeDays, Duration left) {
        return new Issued(List.of("example.com", "www.example.com"), Optional.of("example.com"),
                Optional.of(KeyType.EC_P256), ofDays(lifetimeDays), left);
    }

    private static Expect expect(Reason reason) {
        return new Expect(reason, Optional.empty(), Optional.empty());
    }

    record Config(List<String> names, KeyType keyType, Optional<Duration> renewBefore) {
        Config names(String... names) {
            return new Config(List.of(names), keyType, renewBefore);
        }

        Config keyType(KeyType keyType) {
            return new Config(names, keyType, renewBefore);
        }

        Config renewBefore(Duration renewBefore) {
            return new Config(names, keyType, Optional.of(renewBefore));
        }

        CertificateSpec spec() {
            return new CertificateSpec("example", names, keyType, false, ChallengeType.HTTP_01,
                    URI.create("https://acme.test/directory"), Optional.empty(), renewBefore);
        }
    }

    record Issued(
            List<String> names,
            Optional<String> commonName,
            Optional<KeyType> keyType,
            Duration lifetime,
            Duration left) {
        Issued names(String... names) {
            return new Issued(List.of(names), commonName, keyType, lifetime, left);
        }

        Issued commonName(String commonName) {
            return new Issued(names, Optional.of(commonName), keyType, lifetime, left);
        }

        Issued withoutCommonName() {
            return new Issued(names, Optional.empty(), keyType, lifetime, left);
        }

        Issued unknownKeyType() {
            return new Issued(names, commonName, Optional.empty(), lifetime, left);
        }

        CertificateFacts facts() {
            Instant notAfter = NOW.plus(left);
            return new CertificateFacts(names, commonName, keyType, notAfter.minus(lifetime), notAfter, BigInteger.ONE);
        }
    }

    record Expect(Reason reason, Optional<Instant> renewAt, Optional<String> warning) {
        Expect at(Instant renewAt) {
            return new Expect(reason, Optional.of(renewAt), warning);
        }

        Expect warning(String warning) {
            return new Expect(reason, renewAt, Optional.of(warning));
        }
    }
}
