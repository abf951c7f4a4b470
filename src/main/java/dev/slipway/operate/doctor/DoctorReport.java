package dev.slipway.operate.doctor;

import java.util.List;

/** Every check's result, in the order they ran. */
public record DoctorReport(List<CheckResult> checks) {
    public DoctorReport {
        checks = List.copyOf(checks);
    }

    public Verdict verdict() {
        return checks.stream().map(CheckResult::verdict).reduce(Verdict.OK, Verdict::and);
    }

    /** The findings {@code --fix} may repair, in check order. */
    public List<Finding> safeFixes() {
        return checks.stream().flatMap(c -> c.findings().stream()).filter(Finding::fixable).toList();
    }
}
