package dev.slipway.operate.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code slipway diff} found, per area, with the areas it looked at (an area not looked at is not "no drift").
 *
 * @param looked the areas examined, in order
 * @param drift  every difference found, grouped by area in the order of {@code looked}
 */
public record DriftReport(List<String> looked, List<Drift> drift) {
    public DriftReport {
        looked = List.copyOf(looked);
        drift = ordered(looked, drift);
    }

    private static List<Drift> ordered(List<String> looked, List<Drift> drift) {
        List<Drift> ordered = new ArrayList<>();
        for (String area : looked) {
            drift.stream().filter(d -> d.area().equals(area)).forEach(ordered::add);
        }
        drift.stream().filter(d -> !looked.contains(d.area())).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    public boolean drifted() {
        return !drift.isEmpty();
    }

    public List<Drift> in(String area) {
        return drift.stream().filter(d -> d.area().equals(area)).toList();
    }

    /** For {@code -o json}: whether anything drifted, the areas looked at, and every difference. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("drifted", drifted());
        m.put("looked", looked);
        m.put("drift", drift.stream().map(d -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("area", d.area());
            e.put("kind", d.kind());
            e.put("subject", d.subject());
            e.put("detail", d.detail());
            return e;
        }).toList());
        return m;
    }
}
