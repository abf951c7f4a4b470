package dev.slipway.apply.kubernetes;

import dev.slipway.render.ignition.NodeRole;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import dev.slipway.testing.NodesLikeTheSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness's kwok nodes registered the way an environment's kubelets register: one node per controller
 * ({@code controller-N}) and per desired worker of each pool ({@code worker-POOL-N}), each with the labels and taints
 * {@link NodeRole} gives its kubelet ({@code --node-labels}, {@code registerWithTaints}). No cloud controller runs in
 * the harness, so nodes carry no {@code uninitialized} taint and no providerID.
 */
final class EnvironmentNodes {
    private EnvironmentNodes() {
    }

    /** The node names of {@code env}: controllers first, then each pool's desired workers. */
    static String[] names(Environment env) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= env.controllers().count(); i++) {
            names.add(NodeRole.CONTROLLER + "-" + i);
        }
        for (WorkerPoolSpec pool : env.workerPools()) {
            for (int i = 1; i <= pool.desired(); i++) {
                names.add("worker-" + pool.name() + "-" + i);
            }
        }
        return names.toArray(String[]::new);
    }

    /** Gives every node of {@link #names} its role's labels and taints ({@link NodesLikeTheSpec}). */
    static void register(KubernetesClient admin, Environment env) {
        NodesLikeTheSpec.register(admin, env, List.of(names(env)));
    }
}
