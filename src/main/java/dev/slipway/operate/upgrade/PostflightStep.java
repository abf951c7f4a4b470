package dev.slipway.operate.upgrade;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.operate.Step;
import dev.slipway.operate.doctor.Finding;
import dev.slipway.operate.doctor.VersionSkewCheck;
import java.util.List;
import java.util.function.Supplier;

/**
 * Postflight: every component at its expected version, by {@code doctor}'s own {@code versions} check (the API
 * server and every kubelet at the spec's version, within the skew policy). Done when that check finds nothing; its
 * run checks once more and fails with what differs.
 */
final class PostflightStep implements Step {
    private final VersionSkewCheck check;
    private final Supplier<ClusterSnapshot> cluster;

    PostflightStep(String env, String version, Supplier<ClusterSnapshot> cluster) {
        this.check = new VersionSkewCheck(env, version);
        this.cluster = cluster;
    }

    @Override
    public String name() {
        return "postflight";
    }

    @Override
    public String intent() {
        return "every component at the target version (doctor's versions check passes)";
    }

    @Override
    public Check check() {
        List<Finding> findings = check.examine(cluster.get());
        return findings.isEmpty() ? Check.done("API server and every kubelet at the target")
                : Check.toDo(findings.size() + " differences: " + findings.get(0).subject() + ": "
                        + findings.get(0).evidence());
    }

    @Override
    public String run() {
        List<Finding> findings = check.examine(cluster.get());
        if (!findings.isEmpty()) {
            throw new IllegalStateException("versions still differ after the upgrade: " + findings.stream()
                    .map(f -> f.subject() + " (" + f.evidence() + ")").toList());
        }
        return "API server and every kubelet at the target";
    }
}
