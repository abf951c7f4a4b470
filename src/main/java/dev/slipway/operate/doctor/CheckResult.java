package dev.slipway.operate.doctor;

import java.util.List;

/** A check's findings; its verdict is the worst of them, {@link Verdict#OK} when there are none. */
public record CheckResult(String name, String title, List<Finding> findings) {
    public CheckResult {
        findings = List.copyOf(findings);
    }

    public Verdict verdict() {
        return findings.stream().map(Finding::verdict).reduce(Verdict.OK, Verdict::and);
    }
}
