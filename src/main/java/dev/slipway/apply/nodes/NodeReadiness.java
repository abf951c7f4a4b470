package dev.slipway.apply.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Node can take Pods: its kubelet reports {@code Ready}, and the cloud controller has initialised it (until
 * then the Node carries the {@code uninitialized} taint, has no addresses or zone labels, and only tolerating Pods
 * land there). A Node being deleted is not ready.
 */
public final class NodeReadiness {
    public static final String UNINITIALIZED_TAINT = "node.cloudprovider.kubernetes.io/uninitialized";

    private NodeReadiness() {
    }

    public static boolean ready(Node node) {
        return why(node).isEmpty();
    }

    /** Why {@code node} is not ready, in words; empty when it is. */
    public static Optional<String> why(Node node) {
        if (node.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("being deleted");
        }
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        if (taints.stream().anyMatch(t -> UNINITIALIZED_TAINT.equals(t.getKey()))) {
            return Optional.of("still tainted " + UNINITIALIZED_TAINT + " (the cloud controller has not initialised it)");
        }
        List<NodeCondition> conditions = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        Optional<NodeCondition> ready = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        if (ready.isEmpty()) {
            return Optional.of("no Ready condition reported yet");
        }
        if (!"True".equals(ready.get().getStatus())) {
            return Optional.of("Ready=" + ready.get().getStatus()
                    + (ready.get().getMessage() == null ? "" : " (" + ready.get().getMessage() + ")"));
        }
        return Optional.empty();
    }
}
