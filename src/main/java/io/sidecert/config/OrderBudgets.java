package io.sidecert.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueFactory;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code acme.order-budget}, and knows which CA gets a budget when it is not set. */
final class OrderBudgets {
    static final String EXAMPLE = "order-budget = \"300/3h\"";

    /** The unit is required: Typesafe would read a bare "300/3" as 3 milliseconds. */
    private static final Pattern ORDERS_PER_DURATION = Pattern.compile("(\\d+)\\s*/\\s*(\\d+(?:\\.\\d+)?\\s*[A-Za-z]+)");

    private OrderBudgets() {
    }

    /** Only Let's Encrypt publishes a new-order limit sidecert knows; other CAs are not paced unless told. */
    static Optional<OrderBudgetLimit> defaultFor(URI directory) {
        return CaDirectories.isLetsEncrypt(directory) ? Optional.of(OrderBudgetLimit.LETS_ENCRYPT) : Optional.empty();
    }

    /** {@code "300/3h"}: 300 orders in any 3 hours; {@code "none"}: not paced (empty). */
    static Checked<Optional<OrderBudgetLimit>> parse(String configured) {
        String value = configured.trim();
        if (value.toLowerCase(Locale.ROOT).equals("none")) {
            return Checked.valid(Optional.empty());
        }
        Matcher parts = ORDERS_PER_DURATION.matcher(value);
        if (!parts.matches()) {
            return invalid(configured, "is not an order budget");
        }
        Optional<Integer> orders = atLeastOne(parts.group(1));
        Optional<Duration> per = positiveDuration(parts.group(2));
        if (orders.isEmpty() || per.isEmpty()) {
            return invalid(configured, "needs at least 1 order and a duration longer than zero");
        }
        return Checked.valid(Optional.of(new OrderBudgetLimit(orders.get(), per.get())));
    }

    private static <T> Checked<T> invalid(String configured, String what) {
        return Checked.invalid("\"" + configured + "\" " + what + "; expected orders/duration such as \"300/3h\", or \"none\"",
                "write new orders, a slash and a duration as elsewhere in the file, e.g. " + EXAMPLE
                        + " or \"10/1m\"; or \"none\" to not pace new orders");
    }

    private static Optional<Integer> atLeastOne(String digits) {
        try {
            return Optional.of(Integer.parseInt(digits)).filter(n -> n >= 1);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Typesafe's own parser, so the window is written like every other duration in the file. */
    private static Optional<Duration> positiveDuration(String text) {
        try {
            Duration duration = ConfigValueFactory.fromAnyRef(text).atKey("v").getDuration("v");
            return duration.isNegative() || duration.isZero() ? Optional.empty() : Optional.of(duration);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }
}
