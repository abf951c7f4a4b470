package dev.slipway.spec;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a CronJob schedule as Kubernetes reads it: the API server validates {@code spec.schedule} with
 * {@code cron.ParseStandard} of github.com/robfig/cron/v3 (pkg/apis/batch/validation, validateScheduleFormat), and
 * the CronJob controller schedules with the same parser. So this is that parser's grammar: exactly five fields
 * (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT: 7 is not Sunday
 * there), each a comma list of {@code *}, {@code ?}, a value or a range {@code a-b}, optionally {@code /step}
 * (step at least 1; {@code a/step} runs from a to the field's maximum); names in any case; or a descriptor
 * ({@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily}, {@code @midnight},
 * {@code @hourly}, {@code @every DURATION}). A {@code TZ=} or {@code CRON_TZ=} prefix is refused: Kubernetes refuses
 * "TZ" in a new CronJob's schedule ("use timeZone field instead"), and Slipway always sets timeZone.
 */
public final class CronExpression {
    private static final List<String> DESCRIPTORS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    /** Go's time.ParseDuration: one or more decimal numbers each with a unit. */
    private static final String GO_DURATION = "([0-9]*(\\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+";
    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, Map.of()),
            new Field("hour", 0, 23, Map.of()),
            new Field("day of month", 1, 31, Map.of()),
            new Field("month", 1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
                    Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
                    Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
                    Map.entry("dec", 12))),
            new Field("day of week", 0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5,
                    "sat", 6)));

    private record Field(String name, int min, int max, Map<String, Integer> names) {
        String allowed() {
            return min + "-" + max + (names.isEmpty() ? "" : name.equals("month") ? " or JAN-DEC" : " or SUN-SAT");
        }
    }

    private CronExpression() {
    }

    /** What is wrong with {@code schedule}, or empty when Kubernetes accepts it. */
    public static Optional<String> problem(String schedule) {
        String s = schedule.trim();
        if (s.isEmpty()) {
            return Optional.of("is empty");
        }
        if (schedule.contains("TZ")) {
            return Optional.of("Kubernetes refuses TZ or CRON_TZ in a schedule (set timeZone instead)");
        }
        if (s.startsWith("@")) {
            if (s.startsWith("@every ")) {
                String d = s.substring("@every ".length());
                return d.matches(GO_DURATION) && d.matches(".*[0-9].*") ? Optional.empty()
                        : Optional.of("'" + d + "' is not a duration (e.g. 90m, 1h30m)");
            }
            return DESCRIPTORS.contains(s) ? Optional.empty()
                    : Optional.of("'" + s + "' is not a schedule descriptor (use one of " + String.join(", ", DESCRIPTORS)
                            + ", @every DURATION)");
        }
        String[] parts = s.split("\\s+");
        if (parts.length != 5) {
            return Optional.of("has " + parts.length + (parts.length == 1 ? " field" : " fields")
                    + ", a cron schedule has 5 (minute hour day-of-month month day-of-week)");
        }
        for (int i = 0; i < 5; i++) {
            Optional<String> p = field(parts[i], FIELDS.get(i));
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> field(String text, Field f) {
        for (String item : text.split(",", -1)) {
            Optional<String> p = range(item, f);
            if (p.isPresent()) {
                return Optional.of(f.name() + " field '" + text + "': " + p.get());
            }
        }
        return Optional.empty();
    }

    /** robfig/cron v3 getRange. */
    private static Optional<String> range(String item, Field f) {
        if (item.isEmpty()) {
            return Optional.of("empty list item");
        }
        String[] rangeAndStep = item.split("/", -1);
        if (rangeAndStep.length > 2) {
            return Optional.of("'" + item + "' has more than one '/'");
        }
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        if (lowAndHigh.length > 2) {
            return Optional.of("'" + item + "' has more than one '-'");
        }
        int start;
        int end;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            if (lowAndHigh.length == 2) {
                return Optional.of("'" + item + "': a range cannot start at " + lowAndHigh[0]);
            }
            start = f.min();
            end = f.max();
        } else {
            Integer low = value(lowAndHigh[0], f);
            Integer high = lowAndHigh.length == 2 ? value(lowAndHigh[1], f) : low;
            if (low == null || high == null) {
                String bad = low == null ? lowAndHigh[0] : lowAndHigh[1];
                return Optional.of("'" + bad + "' is not " + (f.names().isEmpty() ? "a number" : "a number or name")
                        + " (" + f.allowed() + ")");
            }
            start = low;
            end = high;
        }
        if (rangeAndStep.length == 2) {
            String step = rangeAndStep[1];
            if (!step.matches("\\+?[0-9]{1,9}") || Integer.parseInt(step.replace("+", "")) == 0) {
                return Optional.of("step '" + step + "' must be a positive number");
            }
            if (lowAndHigh.length == 1 && !lowAndHigh[0].equals("*") && !lowAndHigh[0].equals("?")) {
                end = f.max(); // "a/step" runs from a to the field's maximum
            }
        }
        if (start < f.min() || start > f.max() || end > f.max() || end < f.min()) {
            int outside = start < f.min() || start > f.max() ? start : end;
            String hint = f.name().equals("day of week") && outside == 7 ? " (Sunday is 0 or SUN; 7 is not accepted)"
                    : "";
            return Optional.of("'" + outside + "' is outside " + f.allowed() + hint);
        }
        if (start > end) {
            return Optional.of("range " + rangeAndStep[0] + " runs backwards");
        }
        return Optional.empty();
    }

    /** robfig/cron v3 parseIntOrName: a name (any case) of the field, or a non-negative decimal (Go's Atoi). */
    private static Integer value(String text, Field f) {
        Integer named = f.names().get(text.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (!text.matches("\\+?[0-9]{1,9}")) {
            return null;
        }
        return Integer.parseInt(text.replace("+", ""));
    }
}
