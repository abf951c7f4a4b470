package dev.slipway.apply.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Node calls of a rotation: find the Node of an instance (by {@code spec.providerID}), cordon and uncordon, delete.
 *
 * <p>A Node Slipway cordons gets the annotation {@link #CORDONED_BY}: an aborted rotation uncordons exactly those,
 * never a Node someone cordoned by hand, and a resumed run recognises the Node it was draining.
 */
public final class ClusterNodes {
    public static final String CORDONED_BY = "slipway.dev/cordoned-by";
    public static final String ROTATION = "rotate";
    private final KubernetesClient client;

    public ClusterNodes(KubernetesClient client) {
        this.client = client;
    }

    /** Instance id → its Node, for every Node with an AWS providerID. */
    public Map<String, Node> byInstance() {
        Map<String, Node> out = new HashMap<>();
        for (Node n : client.nodes().list().getItems()) {
            String providerId = n.getSpec() == null ? null : n.getSpec().getProviderID();
            ProviderId.parse(providerId).ifPresent(p -> out.put(p.instanceId(), n));
        }
        return out;
    }

    public Optional<Node> forInstance(String instanceId) {
        return Optional.ofNullable(byInstance().get(instanceId));
    }

    /** Whether Slipway cordoned {@code node} (and has not uncordoned it since). */
    public static boolean cordonedByRotation(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations != null && ROTATION.equals(annotations.get(CORDONED_BY));
    }

    /** Marks the Node unschedulable, remembering that the rotation did it. */
    public void cordon(String node) {
        patch(node, "{\"metadata\":{\"annotations\":{\"" + CORDONED_BY + "\":\"" + ROTATION + "\"}},"
                + "\"spec\":{\"unschedulable\":true}}");
    }

    /** Makes a Node the rotation cordoned schedulable again; leaves any other Node alone. Returns whether it did. */
    public boolean uncordonIfOurs(String node) {
        Node n = client.nodes().withName(node).get();
        if (n == null || !cordonedByRotation(n)) {
            return false;
        }
        // null removes the annotation in a merge patch
        patch(node, "{\"metadata\":{\"annotations\":{\"" + CORDONED_BY + "\":null}},"
                + "\"spec\":{\"unschedulable\":false}}");
        return true;
    }

    /**
     * Deletes the Node object of an instance that is gone, as the AWS cloud controller would a little later; doing it
     * now keeps {@code kubectl get nodes} honest during the rotation.
     */
    public void delete(String node) {
        try {
            client.nodes().withName(node).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    public List<Node> all() {
        return client.nodes().list().getItems();
    }

    private void patch(String node, String mergePatch) {
        client.nodes().withName(node).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), mergePatch);
    }
}
