package dev.slipway.operate.upgrade;

import dev.slipway.apply.kubernetes.ApiRetry;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The upgrade's reads from the cluster; nothing is written. */
public final class ClusterReads {
    private final KubernetesClient client;
    private final ApiRetry retry = ApiRetry.standard();

    public ClusterReads(KubernetesClient client) {
        this.client = client;
    }

    /** The API server's and every kubelet's version; etcd's comes from {@link EtcdHealth}. */
    public LiveVersions versions(Map<String, String> etcd) {
        String server = retry.call(() -> client.getKubernetesVersion().getGitVersion());
        Map<String, String> kubelets = new TreeMap<>();
        for (Node n : retry.call(() -> client.nodes().list().getItems())) {
            String v = n.getStatus() == null || n.getStatus().getNodeInfo() == null ? null
                    : n.getStatus().getNodeInfo().getKubeletVersion();
            kubelets.put(n.getMetadata().getName(), v == null ? "" : v);
        }
        return new LiveVersions(server, kubelets, etcd);
    }

    /**
     * Every live object of a kind the table lists, read through the replacement API version (the server converts
     * stored objects to it), for the kinds the server serves and lets list. Kinds without a replacement
     * (PodSecurityPolicy) are gone with their API: nothing is left to read.
     */
    public List<GenericKubernetesResource> objectsOfRemovedKinds(RemovedApis table) {
        Set<String> wanted = new LinkedHashSet<>();
        table.entries().forEach(e -> e.replacement().ifPresent(r -> wanted.add(r + " " + e.kind())));
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (String w : wanted) {
            String apiVersion = w.substring(0, w.indexOf(' '));
            String kind = w.substring(w.indexOf(' ') + 1);
            if (!listable(apiVersion, kind)) {
                continue;
            }
            out.addAll(retry.call(() -> client.genericKubernetesResources(apiVersion, kind).inAnyNamespace().list()
                    .getItems()));
        }
        return out;
    }

    private boolean listable(String apiVersion, String kind) {
        APIResourceList resources;
        try {
            resources = apiVersion.contains("/") ? client.getApiResources(apiVersion)
                    : client.getApiResources("v1");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
        if (resources == null) {
            return false;
        }
        for (APIResource r : resources.getResources()) {
            if (kind.equals(r.getKind()) && !r.getName().contains("/") && r.getVerbs().contains("list")) {
                return true;
            }
        }
        return false;
    }
}
