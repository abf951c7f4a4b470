package dev.slipway.operate.upgrade;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.operate.doctor.CertificatesCheck;
import dev.slipway.operate.doctor.DrainBlockersCheck;
import dev.slipway.operate.doctor.Finding;
import dev.slipway.operate.doctor.NodesCheck;
import dev.slipway.operate.doctor.Verdict;
import dev.slipway.pki.CertificateStatus;
import dev.slipway.versions.Versions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What must hold before an upgrade starts, from what was read (pure: the reads happen before). Blocking:
 * the skew policy; a Node not Ready (or not initialised); etcd without a quorum to spare; a PodDisruptionBudget that
 * allows no disruption (every drain of its nodes would wait); a certificate under 7 days; an object, live or
 * rendered, using an API version the target does not serve; a pinned add-on that does not suit the target; a target
 * past what the removed-API table covers. Not blocking: a cordoned Node, a certificate under 30 days.
 */
public final class Preflight {
    /**
     * Everything the preflight looks at.
     *
     * @param env          the environment's name
     * @param target       the release to upgrade to
     * @param live         versions read from the cluster
     * @param cluster      one read of the cluster (Nodes, budgets, CSRs)
     * @param etcd         the controllers' etcd
     * @param certificates the state store's certificates
     * @param removedLive  live objects written through removed API versions
     * @param removedRendered rendered objects with removed API versions
     * @param table        the pinned removed-API table
     * @param versions     the pinned versions (add-on images)
     * @param now          the clock's reading
     */
    public record Inputs(String env, KubernetesRelease target, LiveVersions live, ClusterSnapshot cluster,
            EtcdHealth etcd, Supplier<List<CertificateStatus>> certificates, List<RemovedApiUse> removedLive,
            List<RemovedApiUse> removedRendered, RemovedApis table, Versions versions, Instant now) {
    }

    private Preflight() {
    }

    public static List<PreflightFinding> examine(Inputs in) {
        List<PreflightFinding> out = new ArrayList<>();
        String env = in.env();
        for (String refusal : SkewPolicy.refusals(in.live(), in.target())) {
            out.add(new PreflightFinding("versions", "skew policy", refusal, "see the evidence", true));
        }
        if (in.target().minorsAfter(in.table().knownThrough()) > 0) {
            out.add(new PreflightFinding("removed-apis", "table of removed APIs", "it covers releases up to "
                    + in.table().knownThrough().minorName() + ", the target is " + in.target(), "a Slipway release"
                    + " whose removed-apis.txt covers " + in.target().minorName(), true));
        }
        doctor("nodes", new NodesCheck(env).examine(in.cluster()), true, out);
        // A budget allowing no disruption is a warning for doctor; an upgrade drains every node, so it blocks here.
        doctor("disruption-budgets", new DrainBlockersCheck().examine(in.cluster()), false, out);
        doctor("certificates", new CertificatesCheck(env, in.certificates(), in.now()).examine(in.cluster()), true,
                out);
        EtcdHealth etcd = in.etcd();
        if (!etcd.quorumToSpare()) {
            out.add(new PreflightFinding("etcd", "etcd cluster", etcd.problem().orElse(etcd.healthy().size() + " of "
                    + etcd.members() + " members healthy " + etcd.healthy() + ": replacing a controller takes one"
                    + " member out, and " + (etcd.healthy().size() - 1) + " would not be a quorum of "
                    + etcd.members() + " (needs " + etcd.quorum() + ")" + (etcd.members() < 3 ? "; an upgrade"
                    + " replaces controllers one at a time and needs at least 3" : "")),
                    "bring every member back to healthy (slipway doctor --env " + env + ", slipway rotate --env "
                            + env + " --controllers)", true));
        }
        for (RemovedApiUse use : in.removedLive()) {
            out.add(new PreflightFinding("removed-apis", use.object(), use.seenIn() + " " + use.api().describe(),
                    use.api().replacement().map(r -> "write it with " + r + " (and update whatever writes it)")
                            .orElse("remove it and whatever writes it"), true));
        }
        for (RemovedApiUse use : in.removedRendered()) {
            out.add(new PreflightFinding("removed-apis", use.object(), use.seenIn() + " " + use.api().describe(),
                    use.api().replacement().map(r -> "render it with " + r).orElse("remove it"), true));
        }
        out.addAll(ControlPlaneAddons.check(in.versions(), in.target()));
        return out;
    }

    /** Whether any finding stops the upgrade. */
    public static boolean blocks(List<PreflightFinding> findings) {
        return findings.stream().anyMatch(PreflightFinding::blocking);
    }

    /** A doctor check's findings: FAIL blocks; WARN is shown only when {@code warnIsNote}, and blocks otherwise. */
    private static void doctor(String check, List<Finding> findings, boolean warnIsNote, List<PreflightFinding> out) {
        for (Finding f : findings) {
            boolean blocking = f.verdict() == Verdict.FAIL || !warnIsNote;
            out.add(new PreflightFinding(check, f.subject(), f.evidence(), f.fix(), blocking));
        }
    }
}
