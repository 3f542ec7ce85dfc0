package io.sidecert.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known name a misspelt one was probably meant to be, for "did you mean" hints. */
final class Suggestions {
    private static final int MAX_DISTANCE = 2;

    private Suggestions() {
    }

    static Optional<String> closest(String wrong, Collection<String> known) {
        return known.stream()
                .filter(k -> distance(wrong, k) <= MAX_DISTANCE)
                .min(Comparator.comparingInt((String k) -> distance(wrong, k)).thenComparing(k -> k));
    }

    /** Levenshtein distance; the names compared are short, so the quadratic table is fine. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
