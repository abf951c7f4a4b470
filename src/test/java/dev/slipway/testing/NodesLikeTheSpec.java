package dev.slipway.testing;

import dev.slipway.render.ignition.NodeRole;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Simulated nodes labelled and tainted the way an environment's kubelets register, from the same {@link NodeRole}s
 * the Ignition renderer gives their {@code --node-labels} and {@code registerWithTaints}. A node's name says its role:
 * {@code controller-N} is a controller, {@code worker-POOL-N} a worker of pool POOL. kwok and the node lifecycle
 * controller update the Nodes meanwhile, so each change is a {@link ReadChangeReplace}.
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
            ReadChangeReplace.replace(admin, admin.nodes().withName(name), n -> {
                NodeBuilder b = new NodeBuilder(n);
                // kubernetes.io/arch as the kubelet sets it on itself (its GOARCH); kwok registers every node amd64.
                b.editMetadata().addToLabels(role.labels()).addToLabels(dev.slipway.spec.CpuArchitecture.NODE_LABEL,
                        role.architecture().kubernetes()).endMetadata();
                List<Taint> have = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of()
                        : n.getSpec().getTaints();
                for (String text : role.taints()) {
                    Taint wanted = taint(text);
                    if (have.stream().noneMatch(h -> h.getKey().equals(wanted.getKey())
                            && h.getEffect().equals(wanted.getEffect()))) {
                        b.editOrNewSpec().addToTaints(wanted).endSpec();
                    }
                }
                return b.build();
            });
        }
    }

    /** A taint in kubelet syntax ({@code registerWithTaints}): {@code key=value:Effect} or {@code key:Effect}. */
    static Taint taint(String text) {
        String keyValue = text.substring(0, text.lastIndexOf(':'));
        String effect = text.substring(text.lastIndexOf(':') + 1);
        int eq = keyValue.indexOf('=');
        return new TaintBuilder().withKey(eq < 0 ? keyValue : keyValue.substring(0, eq))
                .withValue(eq < 0 ? "" : keyValue.substring(eq + 1)).withEffect(effect).build();
    }
}
