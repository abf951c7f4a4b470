package dev.slipway.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Suggests the closest valid word for a misspelled one (Levenshtein distance, case-insensitive), so that
 * {@code replica: 2} is answered with "did you mean replicas".
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** The candidate closest to {@code word}, if it is close enough to be a likely typo. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        return candidates.stream()
                .min(Comparator.comparingInt((String c) -> distance(w, c.toLowerCase(java.util.Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(c -> distance(w, c.toLowerCase(java.util.Locale.ROOT)) <= threshold(word, c));
    }

    /** "did you mean X" when one is close, else "valid: a, b, c": always something a person can act on. */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "did you mean " + c + "?")
                .orElse("valid: " + String.join(", ", candidates));
    }

    private static int threshold(String word, String candidate) {
        // One edit per three characters, at least one and at most three: "replica" finds "replicas", "xyz" finds
        // nothing.
        return Math.max(1, Math.min(3, Math.max(word.length(), candidate.length()) / 3));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
