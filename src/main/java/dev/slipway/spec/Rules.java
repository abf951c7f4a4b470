package dev.slipway.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.regex.Pattern;

/**
 * How a validation rule reports: by the logical path of the value it judged. Values that could not be read are
 * already reported, so rules on them stay quiet; the rest become located {@link Problem}s.
 */
final class Rules {
    private final SourceMap sources;
    private final Problems problems;
    private final Problems warnings;
    private final Map<String, Pattern> compiled = new HashMap<>();

    Rules(SourceMap sources, Problems problems, Problems warnings) {
        this.sources = sources;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** Something valid but probably not meant: printed, exit 0. */
    void warn(String logicalPath, String message, String hint) {
        if (!sources.isBroken(logicalPath)) {
            warnings.add(sources.problem(logicalPath, message, hint));
        }
    }

    void report(String logicalPath, String message, String hint) {
        if (!sources.isBroken(logicalPath)) {
            problems.add(sources.problem(logicalPath, message, hint));
        }
    }

    /** True when the value at {@code logicalPath} could not be read (and was reported already). */
    boolean isBroken(String logicalPath) {
        return sources.isBroken(logicalPath);
    }

    /** Reports when {@code value} (if present) does not match {@code regex}; true when it matched. */
    boolean matches(String logicalPath, String value, String regex, String what, String hint) {
        if (value == null) {
            return false;
        }
        if (!compiled.computeIfAbsent(regex, Pattern::compile).matcher(value).matches()) {
            report(logicalPath, "'" + value + "' is not " + what, hint);
            return false;
        }
        return true;
    }

    /** Reports a missing value that has no default and is needed. */
    boolean present(String logicalPath, Object value, String hint) {
        if (value == null) {
            report(logicalPath, "is required", hint);
            return false;
        }
        return true;
    }

    /** True when the document itself writes a value at {@code sourcePath} (not inherited, not defaulted). */
    boolean writes(String sourcePath) {
        return sources.writes(sourcePath);
    }

    /** References to names that are not defined, by kind and name, until {@link #reportMissingReferences()}. */
    private final Map<String, List<String>> missing = new LinkedHashMap<>();
    private final Map<String, Collection<String>> definedFor = new HashMap<>();

    /**
     * Notes a reference to a name that is not among {@code defined}. Every reference to the same missing name is one
     * root cause (a secret renamed where it is declared, not where it is used): it is reported once, at the first
     * place, naming the other lines, by {@link #reportMissingReferences()}.
     */
    void reference(String logicalPath, String name, Collection<String> defined, String kind) {
        if (name != null && !defined.contains(name) && !sources.isBroken(logicalPath)) {
            String key = kind + "\0" + name;
            missing.computeIfAbsent(key, k -> new ArrayList<>()).add(logicalPath);
            definedFor.merge(key, new ArrayList<>(defined), (a, b) -> {
                List<String> all = new ArrayList<>(a);
                b.stream().filter(x -> !all.contains(x)).forEach(all::add);
                return all;
            });
        }
    }

    void reportMissingReferences() {
        missing.forEach((key, paths) -> {
            String kind = key.substring(0, key.indexOf('\0'));
            String name = key.substring(key.indexOf('\0') + 1);
            Collection<String> defined = definedFor.get(key);
            List<Problem> located = paths.stream().map(p -> sources.problem(p, "", null)).distinct()
                    .sorted(Comparator.comparingInt((Problem p) -> p.position().line())
                            .thenComparingInt(p -> p.position().column()))
                    .toList();
            Problem first = located.get(0);
            List<Integer> otherLines = located.stream().skip(1).map(p -> p.position().line())
                    .filter(l -> l != first.position().line()).distinct().toList();
            String also = otherLines.isEmpty() ? "" : "; line" + (otherLines.size() == 1 ? " " : "s ")
                    + otherLines.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " name"
                    + (otherLines.size() == 1 ? "s" : "") + " it too";
            String hint = defined.isEmpty()
                    ? "declare it under " + (kind.equals("secret") ? "secrets:" : "workerPools:")
                    : DidYouMean.closest(name, defined).map(c -> "did you mean " + c + "?")
                            .orElse("declared: " + String.join(", ", defined));
            problems.add(new Problem(first.position(), first.path(), "no " + kind + " named '" + name + "'" + also,
                    hint));
        });
        missing.clear();
    }
}
