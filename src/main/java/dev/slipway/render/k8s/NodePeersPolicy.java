package dev.slipway.render.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The peers of a workload's pods that are not pods: the API server and the nodes, written as Cilium entities in a
 * CiliumNetworkPolicy ({@code cilium.io/v2}) beside the workload's NetworkPolicy (pod peers only). Cilium allows what
 * either policy allows; the namespace's default-deny still refuses the rest. One implementation for the add-ons and
 * the workloads (mongo-express): the pods are selected by {@value #NAME_LABEL}.
 *
 * <p>Why entities and not a NetworkPolicy {@code ipBlock} of the VPC range: under Cilium (v1.19.8,
 * Documentation/security/policy/layer3.rst, "Selecting nodes with CIDR / ipBlock") CIDR selectors do not match
 * in-cluster entities, so traffic to the API server (identity {@code kube-apiserver}) and to node addresses
 * ({@code host}, {@code remote-node}) is refused by an {@code ipBlock}. The agent option
 * {@code policy-cidr-match-mode: nodes} would change that, but it is marked beta there, and it would still miss the
 * API server's service proxy: over the VXLAN tunnel a controller's request to a pod leaves from the controller's
 * {@code cilium_host} address, in the pod range, not from the VPC range. An entity matches by identity, whatever the
 * address. The same page: "you must ordinarily use the kube-apiserver entity as part of a CiliumNetworkPolicy".
 *
 * <p>Cilium's operator registers the CiliumNetworkPolicy CRD when it starts (operator/cmd/root.go's
 * {@code apis.RegisterCRDsCell}) and the agent is not ready before every Cilium CRD exists
 * (pkg/k8s/synced/crd.go): {@code deploy} applies the {@code cilium} component first and waits until it is ready, so
 * the CRD exists before any add-on is applied.
 */
public final class NodePeersPolicy {
    public static final String API_VERSION = "cilium.io/v2";
    public static final String KIND = "CiliumNetworkPolicy";
    /** The label both the add-ons and the workloads select their pods by. */
    static final String NAME_LABEL = "app.kubernetes.io/name";
    /** The port the API server listens on at the controllers (its Service's 443 is translated before policy). */
    static final int API_SERVER_PORT = 6443;

    private final String namespace;
    private final String app;
    private final List<String> why = new ArrayList<>();
    private final List<Map<String, Object>> ingress = new ArrayList<>();
    private final List<Map<String, Object>> egress = new ArrayList<>();

    private NodePeersPolicy(String namespace, String app) {
        this.namespace = namespace;
        this.app = app;
    }

    /** A policy for the pods of workload {@code app} in {@code namespace}. */
    public static NodePeersPolicy forPods(String namespace, String app) {
        return new NodePeersPolicy(namespace, app);
    }

    /**
     * Ingress from the API server's service proxy ({@code slipway dashboards}). It arrives from a controller as
     * {@code remote-node} (the proxied request keeps no {@code kube-apiserver} identity through the tunnel; a
     * controller's own {@code kube-apiserver} identity carries the {@code remote-node} label too), or as
     * {@code host} when the pod runs on that controller.
     */
    public NodePeersPolicy ingressFromApiServerProxy(int... ports) {
        why.add("ingress on " + list(ports) + " from the API server's service proxy (nodes)");
        ingress.add(rule("fromEntities", List.of("host", "remote-node"), ports));
        return this;
    }

    /** Egress to the Kubernetes API: the API server at the controllers, by its own identity. */
    public NodePeersPolicy egressToApiServer() {
        why.add("egress to the API server");
        egress.add(rule("toEntities", List.of("kube-apiserver"), API_SERVER_PORT));
        return this;
    }

    /** Egress to what listens on the nodes' own addresses (kubelets, host-network exporters, etcd). */
    public NodePeersPolicy egressToNodes(int... ports) {
        why.add("egress to nodes on " + list(ports));
        egress.add(rule("toEntities", List.of("host", "remote-node"), ports));
        return this;
    }

    public GenericKubernetesResource build() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", app + ": " + String.join("; ", why));
        spec.put("endpointSelector", Map.of("matchLabels", new TreeMap<>(Map.of(NAME_LABEL, app))));
        if (!ingress.isEmpty()) {
            spec.put("ingress", List.copyOf(ingress));
        }
        if (!egress.isEmpty()) {
            spec.put("egress", List.copyOf(egress));
        }
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(API_VERSION);
        r.setKind(KIND);
        r.setMetadata(new ObjectMetaBuilder().withName(app).withNamespace(namespace).build());
        r.setAdditionalProperties(Map.of("spec", spec));
        return r;
    }

    private static Map<String, Object> rule(String peerField, List<String> entities, int... ports) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put(peerField, entities);
        rule.put("toPorts", List.of(Map.of("ports", Arrays.stream(ports)
                .mapToObj(NodePeersPolicy::tcp).toList())));
        return rule;
    }

    private static Map<String, Object> tcp(int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("port", String.valueOf(port));
        p.put("protocol", "TCP");
        return p;
    }

    private static String list(int... ports) {
        return String.join(", ", Arrays.stream(ports).mapToObj(String::valueOf).toList());
    }
}
