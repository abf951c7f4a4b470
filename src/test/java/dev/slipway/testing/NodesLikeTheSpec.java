package dev.slipway.testing;

import dev.slipway.render.ignition.NodeRole;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Simulated nodes labelled and tainted the way an environment's kubelets register, from the same {@link NodeRole}s
 * the Ignition renderer gives their {@code --node-labels} and {@code registerWithTaints}. A node's name says its role:
 * {@code controller-N} is a controller, {@code worker-POOL-N} a worker of pool POOL.
 */
public final class NodesLikeTheSpec {
    private NodesLikeTheSpec() {
    }

    public static void register(KubernetesClient admin, Environment env, List<String> names) {
        List<NodeRole> roles = NodeRole.of(env);
        for (String name : names) {
            String roleName = name.substring(0, name.lastIndexOf('-'));
            NodeRole role = roles.stream().filter(r -> r.name().equals(roleName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + ": no role " + roleName + " in "
                            + env.name() + " (roles: " + roles.stream().map(NodeRole::name).toList() + ")"));
            editRetryingConflicts(admin, name, n -> {
                NodeBuilder b = new NodeBuilder(n);
                b.editMetadata().addToLabels(role.labels()).endMetadata();
                for (String taint : role.taints()) {
                    // key=value:Effect, as the kubelet's registerWithTaints
                    String key = taint.substring(0, taint.indexOf('='));
                    String value = taint.substring(taint.indexOf('=') + 1, taint.lastIndexOf(':'));
                    String effect = taint.substring(taint.lastIndexOf(':') + 1);
                    b.editOrNewSpec().addToTaints(new TaintBuilder().withKey(key).withValue(value)
                            .withEffect(effect).build()).endSpec();
                }
                return b.build();
            });
        }
    }

    /**
     * kwok updates the Node's status (heartbeats) at the same time, so an edit based on a read can meet a newer
     * version (409 Conflict): read and edit again.
     */
    public static void editRetryingConflicts(KubernetesClient admin, String name,
            java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.Node> edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                admin.nodes().withName(name).edit(edit);
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }
}
