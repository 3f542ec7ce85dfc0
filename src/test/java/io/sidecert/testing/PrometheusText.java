package io.sidecert.testing;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition (format 0.0.4), enough to assert on series: every sample line becomes a
 * {@link Sample} of name, labels and value; {@code # HELP} and {@code # TYPE} lines are kept by metric name.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)(\\s+\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Map.copyOf(types);
    }

    /** @throws IllegalArgumentException on a line that is neither a comment nor a sample */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a Prometheus sample line: " + line);
            }
            samples.add(new Sample(m.group(1), labels(m.group(3)), value(m.group(4))));
        }
        return new PrometheusText(samples, types);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of {@code name} whose labels include all of {@code labels}. */
    public List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** The one sample of {@code name} with these labels, if there is exactly one. */
    public Optional<Double> value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        return found.size() == 1 ? Optional.of(found.get(0).value()) : Optional.empty();
    }

    public Optional<String> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\").replace("\\n", "\n"));
        }
        return labels;
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** One line of the exposition. */
    public record Sample(String name, Map<String, String> labels, double value) {
        public Sample {
            requireNonNull(name, "name");
            labels = Map.copyOf(labels);
        }
    }
}
