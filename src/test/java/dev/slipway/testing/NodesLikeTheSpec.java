package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * Simulated nodes labelled and tainted the way an environment's kubelets register: controllers as {@code NodeRole}
 * makes them, workers with their pool's label. Names decide the role: {@code controller-*} is a controller,
 * {@code worker-POOL-N} a worker of pool POOL.
 */
public final class NodesLikeTheSpec {
    private NodesLikeTheSpec() {
    }

    /**
     * The label and taint controller kubelets register with ({@code node.kubernetes.io/controller=true},
     * {@code node-role.kubernetes.io/controller=:NoSchedule}); workers get {@code node.kubernetes.io/node} and
     * {@code slipway.dev/pool=POOL}.
     */
    public static void register(KubernetesClient admin, List<String> names) {
        for (String name : names) {
            boolean controller = name.startsWith("controller");
            admin.nodes().withName(name).edit(n -> {
                NodeBuilder b = new NodeBuilder(n);
                if (controller) {
                    Taint taint = new TaintBuilder().withKey("node-role.kubernetes.io/controller").withValue("")
                            .withEffect("NoSchedule").build();
                    b.editMetadata().addToLabels("node.kubernetes.io/controller", "true").endMetadata()
                            .editOrNewSpec().addToTaints(taint).endSpec();
                } else {
                    b.editMetadata().addToLabels("node.kubernetes.io/node", "")
                            .addToLabels("slipway.dev/pool", pool(name)).endMetadata();
                }
                return b.build();
            });
        }
    }

    /** {@code worker-general-1} → {@code general}. */
    static String pool(String workerName) {
        String rest = workerName.substring(workerName.indexOf('-') + 1);
        return rest.contains("-") ? rest.substring(0, rest.lastIndexOf('-')) : rest;
    }
}
