package dev.slipway.operate.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The lines {@code upgrade} shows before its steps: the live versions, the target, the preflight. Pure. */
public final class UpgradePlanText {
    private UpgradePlanText() {
    }

    public static List<String> lines(LiveVersions live, KubernetesRelease target, List<PreflightFinding> findings) {
        List<String> out = new ArrayList<>();
        out.add("Versions:");
        out.add("  API server   " + live.apiServer() + " -> " + target);
        out.add("  kubelets     " + grouped(live.kubelets()));
        out.add("  etcd         " + (live.etcd().isEmpty() ? "(not read)" : grouped(live.etcd())));
        out.add("Preflight (" + (Preflight.blocks(findings) ? "blocked: nothing will be changed"
                : findings.isEmpty() ? "every check passed" : "passed, with warnings") + "):");
        if (findings.isEmpty()) {
            out.add("  ok   nodes Ready, etcd with a quorum to spare, no blocking disruption budget, certificates,"
                    + " no removed API in use, add-ons suit " + target.minorName());
        }
        findings.forEach(f -> out.add("  " + f.line()));
        return out;
    }

    /** {@code v1.35.4 on worker-1, worker-2; v1.36.3 on worker-3}. */
    private static String grouped(Map<String, String> byName) {
        if (byName.isEmpty()) {
            return "(none)";
        }
        Map<String, List<String>> byVersion = new TreeMap<>();
        byName.forEach((name, v) -> byVersion.computeIfAbsent(v.isEmpty() ? "(no version)" : v,
                k -> new ArrayList<>()).add(name));
        List<String> parts = new ArrayList<>();
        byVersion.forEach((v, names) -> parts.add(v + " on " + String.join(", ", names)));
        return String.join("; ", parts);
    }
}
