package dev.slipway.spec;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks a Kubernetes CronJob schedule: five fields (minute, hour, day of month, month, day of week) each a list of
 * {@code *}, values, ranges {@code a-b} and steps {@code /n}, with month and weekday names (JAN, MON); or one of
 * the macros {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly}, {@code @yearly} (and
 * {@code @midnight}, {@code @annually}).
 */
public final class CronExpression {
    private static final List<String> MACROS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final List<Field> FIELDS = List.of(
            new Field("minute", 0, 59, List.of()),
            new Field("hour", 0, 23, List.of()),
            new Field("day of month", 1, 31, List.of()),
            new Field("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                    "NOV", "DEC")),
            new Field("day of week", 0, 7, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

    private record Field(String name, int min, int max, List<String> names) {
        int nameOffset() {
            return name.equals("month") ? 1 : 0;
        }
    }

    private CronExpression() {
    }

    /** What is wrong with {@code schedule}, or empty when it is valid. */
    public static Optional<String> problem(String schedule) {
        String s = schedule.trim();
        if (s.startsWith("@")) {
            return MACROS.contains(s) ? Optional.empty()
                    : Optional.of("'" + s + "' is not a schedule macro (use one of " + String.join(", ", MACROS) + ")");
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
            Optional<String> p = item(item, f);
            if (p.isPresent()) {
                return Optional.of(f.name() + " field '" + text + "': " + p.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> item(String item, Field f) {
        if (item.isEmpty()) {
            return Optional.of("empty list item");
        }
        String range = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            String step = item.substring(slash + 1);
            range = item.substring(0, slash);
            if (!step.matches("[0-9]{1,3}") || Integer.parseInt(step) < 1 || Integer.parseInt(step) > f.max()) {
                return Optional.of("step '" + step + "' must be a number from 1 to " + f.max());
            }
        }
        if (range.equals("*") || (range.equals("?") && f.name().startsWith("day"))) {
            return Optional.empty();
        }
        int dash = range.indexOf('-');
        String[] ends = dash >= 0 ? new String[] {range.substring(0, dash), range.substring(dash + 1)}
                : new String[] {range};
        int[] values = new int[ends.length];
        for (int i = 0; i < ends.length; i++) {
            Integer v = value(ends[i], f);
            if (v == null) {
                String allowed = f.min() + "-" + f.max() + (f.names().isEmpty() ? ""
                        : " or " + f.names().get(0) + "-" + f.names().get(f.names().size() - 1));
                return Optional.of("'" + ends[i] + "' is outside " + allowed);
            }
            values[i] = v;
        }
        if (values.length == 2 && values[0] > values[1]) {
            return Optional.of("range " + range + " runs backwards");
        }
        return Optional.empty();
    }

    private static Integer value(String text, Field f) {
        int named = f.names().indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + f.nameOffset();
        }
        if (!text.matches("[0-9]{1,2}")) {
            return null;
        }
        int v = Integer.parseInt(text);
        return v < f.min() || v > f.max() ? null : v;
    }
}
