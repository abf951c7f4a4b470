package dev.slipway.operate.doctor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link DoctorReport} as plain maps, the one shape of {@code -o json} and of the bundle's {@code report.json}. */
public final class ReportJson {
    private ReportJson() {
    }

    public static Map<String, Object> of(DoctorReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", report.verdict().word());
        m.put("checks", report.checks().stream().map(c -> {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("title", c.title());
            cm.put("verdict", c.verdict().word());
            cm.put("findings", c.findings().stream().map(f -> {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("verdict", f.verdict().word());
                fm.put("subject", f.subject());
                fm.put("evidence", f.evidence());
                fm.put("fix", f.fix());
                fm.put("safeFix", f.fixable() ? f.safeFix().description() : null);
                return fm;
            }).toList());
            return cm;
        }).toList());
        return m;
    }

    public static List<Map<String, Object>> fixes(List<Doctor.FixOutcome> outcomes) {
        return outcomes.stream().map(o -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("subject", o.subject());
            m.put("fix", o.description());
            m.put("applied", o.applied());
            m.put("outcome", o.done());
            return m;
        }).toList();
    }
}
