package dev.slipway.render.k8s.workloads;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who may connect to mongo-express (root credentials, admin enabled): only the API server's service proxy, which is
 * how {@code slipway dashboards} reaches it. No Pod may: the namespace's default-deny refuses them all
 * ({@link WorkloadPolicies}), and this policy admits nothing but the nodes.
 *
 * <p>A CiliumNetworkPolicy with entities, not a NetworkPolicy {@code ipBlock}: under Cilium a CIDR selector does not
 * match traffic from the nodes (identities {@code host}, {@code remote-node}), and the proxied request reaches the Pod
 * from a controller as {@code remote-node} (as {@code host} when the Pod runs on that controller). The add-on UIs are
 * admitted the same way. What this admits beyond the API server: anything on a node's host network, which still
 * needs mongo-express's basic-auth password.
 */
final class MongoExpressAccess {
    static final String API_VERSION = "cilium.io/v2";
    static final String KIND = "CiliumNetworkPolicy";
    static final List<String> ENTITIES = List.of("host", "remote-node");

    private MongoExpressAccess() {
    }

    static GenericKubernetesResource fromApiServerProxy() {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("port", String.valueOf(MongoExpress.PORT));
        port.put("protocol", "TCP");
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("fromEntities", ENTITIES);
        rule.put("toPorts", List.of(Map.of("ports", List.of(port))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("description", "mongo-express: ingress on " + MongoExpress.PORT
                + " from the API server's service proxy (nodes) only");
        spec.put("endpointSelector", Map.of("matchLabels", new TreeMap<>(PodDefaults.selector(MongoExpress.NAME))));
        spec.put("ingress", List.of(rule));
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(API_VERSION);
        r.setKind(KIND);
        r.setMetadata(new ObjectMetaBuilder().withName(MongoExpress.NAME).withNamespace(WorkloadNamespaces.MONGO)
                .build());
        r.setAdditionalProperties(Map.of("spec", spec));
        return r;
    }
}
