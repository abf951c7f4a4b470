package dev.slipway.operate.doctor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Strikes known secret values out of text (container logs) before it is written to a diagnostics bundle: a program
 * that logs its own password would otherwise carry it into a file that gets attached to tickets. Values shorter than
 * {@value #MIN_LENGTH} characters are left (striking "1" or "true" would garble the log and hide nothing); lines of a
 * multi-line value (a PEM key) are struck one by one as well.
 */
final class LogRedaction {
    static final int MIN_LENGTH = 4;
    static final String MARK = "[redacted]";
    private final List<String> values;

    LogRedaction(Collection<String> secretValues) {
        Set<String> all = new LinkedHashSet<>();
        for (String v : secretValues) {
            all.add(v);
            if (v.contains("\n")) {
                v.lines().map(String::strip).filter(l -> l.length() >= 16).forEach(all::add);
            }
        }
        List<String> sorted = new ArrayList<>(all.stream().filter(v -> v.length() >= MIN_LENGTH).toList());
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(sorted);
    }

    String apply(String text) {
        String out = text;
        for (String v : values) {
            out = out.replace(v, MARK);
        }
        return out;
    }
}
