package dev.slipway.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Suggests the closest valid word for a misspelled one (edit distance with swaps, case-insensitive), so that
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

    /** Edit distance counting a swap of two neighbouring letters as one edit ("imgae" is one from "image"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
