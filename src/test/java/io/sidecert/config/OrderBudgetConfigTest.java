package io.sidecert.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code acme.order-budget} as it loads; what is rejected is in {@code broken-configs/58-bad-order-budget}. */
class OrderBudgetConfigTest {
    private static final Optional<OrderBudgetLimit> LETS_ENCRYPT = Optional.of(new OrderBudgetLimit(300, Duration.ofHours(3)));

    @TempDir
    Path dir;

    @ParameterizedTest(name = "\"{0}\" -> {1} per {2}")
    @CsvSource(delimiter = '|', value = {
            "300/3h       | 300 | PT3H",
            "10/1m        | 10  | PT1M",
            "50/7d        | 50  | PT168H",
            "1 / 90s      | 1   | PT1M30S",
            "20/1.5h      | 20  | PT1H30M",
            "  5/2 hours  | 5   | PT2H",
    })
    void readsOrdersPerDuration(String configured, int orders, Duration per) {
        assertEquals(Checked.valid(Optional.of(new OrderBudgetLimit(orders, per))), OrderBudgets.parse(configured));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", " NONE "})
    void noneTurnsPacingOff(String configured) {
        assertEquals(Checked.valid(Optional.empty()), OrderBudgets.parse(configured));
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "300/3", "0/3h", "300/0s", "-1/3h", "300/-3h", "300 per 3h", "300/3 fortnights",
            "3h/300", "99999999999/1h", "unlimited", ""})
    void rejectsWhatIsNotAtLeastOneOrderPerPositiveDuration(String configured) {
        assertInstanceOf(Checked.Invalid.class, OrderBudgets.parse(configured));
    }

    static Stream<Arguments> budgets() {
        return Stream.of(
                argumentSet("letsencrypt, unset: Let's Encrypt's 300/3h", "", LETS_ENCRYPT),
                argumentSet("letsencrypt-staging, unset: 300/3h", "acme.ca = letsencrypt-staging", LETS_ENCRYPT),
                argumentSet("Let's Encrypt's URL, unset: 300/3h",
                        "acme.ca = \"https://acme-v02.api.letsencrypt.org/directory\"", LETS_ENCRYPT),
                argumentSet("another CA, unset: not paced", "acme.ca = \"https://ca.example.com/directory\"", Optional.empty()),
                argumentSet("another CA, set: paced", "acme { ca = \"https://ca.example.com/directory\", order-budget = 10/1m }",
                        Optional.of(new OrderBudgetLimit(10, Duration.ofMinutes(1)))),
                argumentSet("letsencrypt, none: not paced", "acme.order-budget = none", Optional.empty()),
                argumentSet("letsencrypt, lower than the CA's", "acme.order-budget = \"50/3h\"",
                        Optional.of(new OrderBudgetLimit(50, Duration.ofHours(3)))),
                argumentSet("null: the CA's default", "acme.order-budget = null", LETS_ENCRYPT));
    }

    @ParameterizedTest
    @MethodSource("budgets")
    void appliesTheBudgetOrTheDefaultOfTheCa(String content, Optional<OrderBudgetLimit> expected) throws Exception {
        Path file = Files.writeString(dir.resolve("sidecert.conf"), content + "\n");

        assertEquals(expected, new ConfigLoader(Map.of()).load(file).acme().orderBudget());
    }

    @ParameterizedTest
    @CsvSource({"none, ", "10/1m, PT1M"})
    void readsTheBudgetFromTheEnvironment(String variable, Duration per) throws Exception {
        Path file = Files.writeString(dir.resolve("sidecert.conf"), "\n");

        Optional<OrderBudgetLimit> budget = new ConfigLoader(Map.of("SIDECERT_ACME_ORDER__BUDGET", variable))
                .load(file).acme().orderBudget();

        assertEquals(Optional.ofNullable(per).map(p -> new OrderBudgetLimit(10, p)), budget);
    }
}
