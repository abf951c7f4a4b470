package dev.slipway.operate.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes' version skew policy (https://kubernetes.io/releases/version-skew-policy/, read 2026-12-07), as far as
 * an upgrade of Slipway's clusters needs it:
 * <ul>
 * <li>kube-apiserver: "the newest and oldest kube-apiserver instances must be within one minor version", and the
 * upgrade prerequisite is that every instance is at the previous minor: the control plane moves one minor at a
 * time (controllers are replaced one by one, so old and new API servers run side by side).</li>
 * <li>kubelet: "must not be newer than kube-apiserver" and "may be up to three minor versions older" (two for
 * kubelets older than 1.25).</li>
 * </ul>
 * Pure: the refusals for a given set of live versions and a target.
 */
public final class SkewPolicy {
    /** Minor versions the control plane may move in one upgrade. */
    public static final int CONTROL_PLANE_MINORS_PER_UPGRADE = 1;
    /** Minor versions a kubelet may be older than kube-apiserver (kubelet 1.25 and newer). */
    public static final int KUBELET_MINORS_BEHIND = 3;
    /** The same for kubelets older than 1.25. */
    public static final int KUBELET_MINORS_BEHIND_BEFORE_1_25 = 2;
    public static final String SOURCE = "https://kubernetes.io/releases/version-skew-policy/";

    private SkewPolicy() {
    }

    /** Why an upgrade from {@code live} to {@code target} must not start; empty when the skew policy allows it. */
    public static List<String> refusals(LiveVersions live, KubernetesRelease target) {
        List<String> out = new ArrayList<>();
        Optional<KubernetesRelease> server = KubernetesRelease.parse(live.apiServer());
        if (server.isEmpty()) {
            out.add("the API server reports version '" + live.apiServer() + "', which is no vMAJOR.MINOR.PATCH:"
                    + " cannot tell how far the upgrade goes");
            return out;
        }
        KubernetesRelease from = server.get();
        int minors = target.minorsAfter(from);
        if (minors > CONTROL_PLANE_MINORS_PER_UPGRADE) {
            out.add("the control plane runs " + from + " and the target is " + target + ": " + minors
                    + " minor versions at once. Kubernetes upgrades the control plane one minor at a time ("
                    + SOURCE + "): set kubernetes.version to a " + from.major() + "." + (from.minor() + 1)
                    + " release first, upgrade, then go on");
        } else if (target.compareTo(from) < 0) {
            out.add("the control plane runs " + from + ", newer than the target " + target + ": Slipway does not"
                    + " downgrade (etcd's data may already be in the newer version's format); restore from an etcd"
                    + " snapshot instead");
        }
        for (Map.Entry<String, String> e : live.kubelets().entrySet()) {
            Optional<KubernetesRelease> kubelet = KubernetesRelease.parse(e.getValue());
            if (kubelet.isEmpty()) {
                out.add("node " + e.getKey() + " reports kubelet version '" + e.getValue() + "': cannot check its skew");
                continue;
            }
            // The policy speaks of minor versions: a kubelet one patch ahead of its minor is not refused.
            if (from.minorsAfter(kubelet.get()) < 0) {
                out.add("node " + e.getKey() + " runs kubelet " + kubelet.get() + ", newer than the API server "
                        + from + ": a kubelet must not be newer than kube-apiserver (" + SOURCE + "); replace the"
                        + " node (slipway rotate) from a config at the control plane's version");
            }
            int behindTarget = target.minorsAfter(kubelet.get());
            int allowed = kubelet.get().major() == 1 && kubelet.get().minor() < 25
                    ? KUBELET_MINORS_BEHIND_BEFORE_1_25 : KUBELET_MINORS_BEHIND;
            if (behindTarget > allowed) {
                out.add("node " + e.getKey() + " runs kubelet " + kubelet.get() + ", " + behindTarget + " minor"
                        + " versions older than the target " + target + ": a kubelet may be at most " + allowed
                        + " older than kube-apiserver (" + SOURCE + "); rotate the node at the current version first");
            }
        }
        return out;
    }
}
