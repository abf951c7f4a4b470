package dev.slipway.spec;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
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

    /** Reports a reference to a name that is not among {@code defined}. */
    void reference(String logicalPath, String name, Collection<String> defined, String kind) {
        if (name != null && !defined.contains(name)) {
            report(logicalPath, "no " + kind + " named '" + name + "'", defined.isEmpty()
                    ? "declare it under secrets:"
                    : DidYouMean.closest(name, defined).map(c -> "did you mean " + c + "?")
                            .orElse("declared: " + String.join(", ", defined)));
        }
    }
}
