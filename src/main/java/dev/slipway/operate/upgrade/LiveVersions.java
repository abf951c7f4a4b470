package dev.slipway.operate.upgrade;

import java.util.Map;
import java.util.TreeMap;

/**
 * What runs now: the API server's version ({@code /version}), every Node's kubelet ({@code
 * status.nodeInfo.kubeletVersion}) and every etcd member's version, as read from the cluster.
 *
 * @param apiServer the API server's gitVersion, e.g. {@code v1.35.4}
 * @param kubelets  node name to kubelet version (empty string when the Node reports none)
 * @param etcd      etcd member (or Pod) to its version; empty when it could not be read
 */
public record LiveVersions(String apiServer, Map<String, String> kubelets, Map<String, String> etcd) {
    public LiveVersions {
        kubelets = new TreeMap<>(kubelets);
        etcd = new TreeMap<>(etcd);
    }
}
