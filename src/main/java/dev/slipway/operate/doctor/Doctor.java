package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code slipway doctor}: runs every check on one snapshot of the cluster, and on request applies the safe fixes and
 * looks again until the checks it fixed pass or the wait is over. A check that throws is reported as failed, not
 * allowed to hide the others.
 */
public final class Doctor {
    private static final Duration POLL = Duration.ofSeconds(2);
    private final List<DoctorCheck> checks;
    private final Supplier<ClusterSnapshot> snapshot;

    public Doctor(List<DoctorCheck> checks, Supplier<ClusterSnapshot> snapshot) {
        this.checks = List.copyOf(checks);
        this.snapshot = snapshot;
    }

    /** What a safe fix did (or, on a dry run, would do). */
    public record FixOutcome(String subject, String description, String done, boolean applied) {
    }

    public DoctorReport examine() {
        return examine(snapshot.get());
    }

    public DoctorReport examine(ClusterSnapshot cluster) {
        List<CheckResult> results = new ArrayList<>();
        for (DoctorCheck c : checks) {
            List<Finding> findings;
            try {
                findings = c.examine(cluster);
            } catch (RuntimeException e) {
                findings = List.of(Finding.fail(c.name(), "the check itself failed: " + e,
                        "run again with -v; report it if it persists"));
            }
            results.add(new CheckResult(c.name(), c.title(), findings));
        }
        return new DoctorReport(results);
    }

    /** Applies (or, when {@code dryRun}, only lists) every safe fix of {@code report}, in order. */
    public List<FixOutcome> fix(DoctorReport report, boolean dryRun) {
        List<FixOutcome> out = new ArrayList<>();
        for (Finding f : report.safeFixes()) {
            if (dryRun) {
                out.add(new FixOutcome(f.subject(), f.safeFix().description(), "would " + f.safeFix().description(),
                        false));
                continue;
            }
            String done;
            try {
                done = f.safeFix().apply();
            } catch (RuntimeException e) {
                done = "failed: " + e.getMessage();
            }
            out.add(new FixOutcome(f.subject(), f.safeFix().description(), done, !done.startsWith("failed")));
        }
        return out;
    }

    /**
     * Looks again, every {@link #POLL}, until no check that had a safe fix in {@code before} fails any more, or
     * {@code wait} is over; returns the last report (the verdict the user gets).
     */
    public DoctorReport recheck(DoctorReport before, Duration wait) throws InterruptedException {
        Set<String> fixed = before.checks().stream()
                .filter(c -> c.findings().stream().anyMatch(Finding::fixable))
                .map(CheckResult::name).collect(Collectors.toSet());
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            DoctorReport now = examine();
            boolean settled = now.checks().stream()
                    .filter(c -> fixed.contains(c.name())).noneMatch(c -> c.verdict() == Verdict.FAIL);
            if (settled || !Instant.now().plus(POLL).isBefore(deadline)) {
                return now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
