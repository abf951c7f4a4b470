package dev.slipway.operate.diff;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The versions that run against the ones the spec and Slipway pin: the API server ({@code /version}), every kubelet
 * ({@code status.nodeInfo.kubeletVersion}) and every etcd member (the image of its static Pod's mirror, labelled
 * {@code component=etcd} as kubeadm labels it). Compares releases exactly: a node not yet rotated to the spec's
 * version is drift; whether it is still supported is {@code doctor}'s question.
 */
public final class VersionDrift {
    public static final String AREA = "versions";

    private VersionDrift() {
    }

    /**
     * @param kubernetes the spec's Kubernetes version ({@code v1.36.3})
     * @param etcdImage  the etcd image controllers run ({@code registry.k8s.io/etcd:3.6.8-0})
     */
    public static List<Drift> of(String env, String kubernetes, String etcdImage, String apiServer, List<Node> nodes,
            List<Pod> etcdPods) {
        List<Drift> out = new ArrayList<>();
        if (!release(apiServer).equals(release(kubernetes))) {
            out.add(new Drift(AREA, "API server", "version", "runs " + apiServer + ", the spec pins " + kubernetes
                    + "; 'slipway rotate --env " + env + " --controllers' boots controllers of the spec's version"));
        }
        for (Node n : nodes) {
            String kubelet = n.getStatus() == null || n.getStatus().getNodeInfo() == null ? null
                    : n.getStatus().getNodeInfo().getKubeletVersion();
            if (kubelet == null || !release(kubelet).equals(release(kubernetes))) {
                out.add(new Drift(AREA, "kubelet on " + n.getMetadata().getName(), "version", "runs "
                        + (kubelet == null ? "an unknown version" : kubelet) + ", the spec pins " + kubernetes
                        + "; 'slipway rotate --env " + env + "' replaces the node"));
            }
        }
        for (Pod p : etcdPods) {
            for (Container c : p.getSpec().getContainers()) {
                if (c.getName().equals("etcd") && !etcdImage.equals(c.getImage())) {
                    out.add(new Drift(AREA, "etcd " + p.getMetadata().getName(), "version", "runs " + c.getImage()
                            + ", Slipway pins " + etcdImage + "; 'slipway rotate --env " + env + " --controllers'"));
                }
            }
        }
        return out;
    }

    /** {@code v1.36.3} of {@code v1.36.3+k3s1} or {@code v1.36.3-eks-...}: the build suffix is not the release. */
    static String release(String version) {
        String v = version.startsWith("v") ? version : "v" + version;
        int end = 1;
        while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.')) {
            end++;
        }
        return v.substring(0, end);
    }
}
