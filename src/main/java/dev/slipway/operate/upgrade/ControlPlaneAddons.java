package dev.slipway.operate.upgrade;

import dev.slipway.versions.Versions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The add-ons that move with the control plane, and whether their pinned versions suit the target.
 * <p>
 * The AWS cloud controller manager is released per Kubernetes minor (cloud-provider-aws v1.36.x for 1.36), and the
 * skew policy says of cloud-controller-manager: it "must not be newer than the kube-apiserver instances it
 * communicates with", and is "expected to match the kube-apiserver minor version, but may be up to one minor
 * version older" ({@link SkewPolicy#SOURCE}). Its pinned image tag is checked against the target with that rule.
 * Cilium and CoreDNS move with the control plane too (their rendered manifests come from the same render), but no
 * compatibility statement of theirs for the target minor is pinned here: they are named, not checked.
 */
public final class ControlPlaneAddons {
    /** The rendered components {@code upgrade} deploys right after the controllers, in deploy order. */
    public static final List<String> COMPONENTS = List.of("cilium", "aws-cloud-controller-manager", "coredns");
    static final String CLOUD_CONTROLLER_IMAGE = "essentials.cloudControllerManager.image";

    private ControlPlaneAddons() {
    }

    /** The pinned add-ons that do not suit {@code target}, as blocking preflight findings. */
    public static List<PreflightFinding> check(Versions versions, KubernetesRelease target) {
        List<PreflightFinding> out = new ArrayList<>();
        String image = versions.get(CLOUD_CONTROLLER_IMAGE);
        Optional<KubernetesRelease> ccm = KubernetesRelease.parse(image.substring(image.lastIndexOf(':') + 1));
        if (ccm.isEmpty()) {
            out.add(new PreflightFinding("add-ons", "aws-cloud-controller-manager", "pinned image " + image
                    + " has no vMAJOR.MINOR.PATCH tag", "pin a tagged release in versions.properties", true));
        } else {
            int behind = target.minorsAfter(ccm.get());
            if (behind < 0 || behind > 1) {
                out.add(new PreflightFinding("add-ons", "aws-cloud-controller-manager", "pinned " + ccm.get()
                        + " against the target " + target + ": a cloud-controller-manager must not be newer than"
                        + " kube-apiserver and at most one minor older (" + SkewPolicy.SOURCE + ")",
                        "use a Slipway release that pins cloud-provider-aws " + target.minorName() + ".x, or move"
                        + " kubernetes.version to " + ccm.get().minorName(), true));
            }
        }
        return out;
    }
}
