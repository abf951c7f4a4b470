package dev.slipway.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects every problem found while reading a spec. The same problem found twice (a top-level default that is wrong
 * in every environment inheriting it) is reported once; problems come out in file order.
 */
final class Problems {
    private final Map<String, Problem> byText = new LinkedHashMap<>();
    private final Map<String, Problem> warnings = new LinkedHashMap<>();

    void warn(Problem p) {
        warnings.putIfAbsent(p.format(), p);
    }

    List<Problem> warnings() {
        return List.copyOf(warnings.values());
    }

    void add(Problem p) {
        byText.putIfAbsent(p.format(), p);
    }

    boolean isEmpty() {
        return byText.isEmpty();
    }

    List<Problem> sorted() {
        List<Problem> all = new ArrayList<>(byText.values());
        all.sort(Comparator.comparingInt((Problem p) -> p.position().line())
                .thenComparingInt(p -> p.position().column())
                .thenComparing(Problem::format));
        return all;
    }

    void throwIfAny() {
        if (!isEmpty()) {
            throw new SpecException(sorted());
        }
    }
}
