package io.sidecert.observe.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One message for people, rendered by each channel in its own shape: a subject that names the certificate,
 * facts (label and value, with a key for JSON), and a closing note.
 *
 * @param certificate the certificate's name; empty for the daily digest
 * @param summary     one line such as "shop: renewal failed"
 * @param host        where this sidecert runs (the container's host name), so a fleet's alerts can be told apart
 */
public record Alert(AlertKind kind, String certificate, String summary, List<Fact> facts, String note, Instant time,
        String host) {

    public Alert {
        requireNonNull(kind, "kind");
        requireNonNull(certificate, "certificate");
        requireNonNull(summary, "summary");
        facts = List.copyOf(facts);
        requireNonNull(note, "note");
        requireNonNull(time, "time");
        requireNonNull(host, "host");
    }

    /** The e-mail subject: {@code [sidecert] shop: renewal failed}. */
    public String subject() {
        return "[sidecert] " + summary;
    }

    /** The plain-text body: summary, aligned facts, note. */
    public String text() {
        int width = facts.stream().mapToInt(f -> f.label().length()).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder(summary).append("\n\n");
        for (Fact fact : facts) {
            String label = fact.label() + ":";
            text.append(label).append(" ".repeat(Math.max(1, width - label.length())))
                    .append(fact.value().replace("\n", "\n" + " ".repeat(width))).append('\n');
        }
        if (!note.isEmpty()) {
            text.append('\n').append(note).append('\n');
        }
        return text.append("\n-- sidecert on ").append(host).append(", ").append(time).append('\n').toString();
    }

    /**
     * One detail.
     *
     * @param key   the JSON key, camelCase ({@code nextAttempt})
     * @param label for people ({@code Next attempt})
     */
    public record Fact(String key, String label, String value) {
        public Fact {
            requireNonNull(key, "key");
            requireNonNull(label, "label");
            requireNonNull(value, "value");
        }
    }
}
