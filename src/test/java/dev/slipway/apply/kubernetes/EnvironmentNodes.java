package dev.slipway.apply.kubernetes;

import dev.slipway.render.ignition.NodeRole;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
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

    /** Gives every node of {@link #names} its role's labels and taints. */
    static void register(KubernetesClient admin, Environment env) {
        for (NodeRole role : NodeRole.of(env)) {
            for (String name : names(env)) {
                if (!belongs(name, role)) {
                    continue;
                }
                label(admin, name, role);
            }
        }
    }

    /**
     * Read, change, replace with the read resourceVersion, and again on a conflict: kwok and the node lifecycle
     * controller update the Node meanwhile (its status, a not-ready taint), which made a JSON patch computed from a
     * stale copy fail with 409 or 422 (seen in CI).
     */
    private static void label(KubernetesClient admin, String name, NodeRole role) {
        for (int attempt = 1; ; attempt++) {
            Node n = admin.nodes().withName(name).get();
            NodeBuilder b = new NodeBuilder(n);
            b.editMetadata().addToLabels(role.labels()).endMetadata();
            List<Taint> have = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of()
                    : n.getSpec().getTaints();
            for (String t : role.taints()) {
                Taint wanted = taint(t);
                if (have.stream().noneMatch(h -> h.getKey().equals(wanted.getKey())
                        && h.getEffect().equals(wanted.getEffect()))) {
                    b.editOrNewSpec().addToTaints(wanted).endSpec();
                }
            }
            try {
                admin.nodes().resource(b.build()).update();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }

    private static boolean belongs(String node, NodeRole role) {
        return node.substring(0, node.lastIndexOf('-')).equals(role.name());
    }

    /** A taint in kubelet syntax: {@code key=value:Effect} or {@code key:Effect}. */
    static Taint taint(String text) {
        String keyValue = text.substring(0, text.lastIndexOf(':'));
        String effect = text.substring(text.lastIndexOf(':') + 1);
        int eq = keyValue.indexOf('=');
        return new TaintBuilder().withKey(eq < 0 ? keyValue : keyValue.substring(0, eq))
                .withValue(eq < 0 ? "" : keyValue.substring(eq + 1)).withEffect(effect).build();
    }
}
