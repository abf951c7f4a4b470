package dev.slipway.render.k8s.essentials;

import dev.slipway.render.k8s.ClusterComponent;
import java.util.List;

/**
 * What a cluster needs before it can run anything, in the order {@code deploy} brings it up: the pod network first
 * (it also replaces kube-proxy, so nothing reaches a Service before it); the cloud controller manager, which
 * initialises nodes (lifts the {@code uninitialized} taint) so ordinary Pods can be scheduled; DNS; storage; the
 * kubelet serving-certificate approver, which metrics-server needs to verify kubelets; metrics-server; and the
 * coordination of OS update reboots; with a spot pool, the node termination handler.
 */
public final class Essentials {
    private Essentials() {
    }

    public static List<ClusterComponent> all() {
        return List.of(
                new Cilium(),
                new CloudControllerManager(),
                new CoreDns(),
                new EbsCsiDriver(),
                new KubeletServingCertApprover(),
                new MetricsServer(),
                new OsUpdates(),
                new NodeTerminationHandler());
    }
}
