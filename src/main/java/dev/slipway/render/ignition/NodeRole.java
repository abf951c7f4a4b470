package dev.slipway.render.ignition;

import dev.slipway.spec.CpuArchitecture;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A kind of node that boots from one Ignition config: the controllers, or one worker pool. Its {@link #name()} is
 * the folder under {@code provisioning/} and the S3 prefix under {@code ENV/} ({@code controller},
 * {@code worker-general}), and the pointer config's name ({@code ignition/NAME.pointer.ign}).
 *
 * @param labels node labels the kubelet registers with ({@code --node-labels})
 * @param taints taints the kubelet registers with ({@code registerWithTaints}), in {@code key=value:Effect} form
 * @param architecture the CPU architecture of the role's instance type: which kubelet binary its config downloads
 *               (the kubelet labels itself {@code kubernetes.io/arch} from its own build)
 */
public record NodeRole(String name, boolean controller, Map<String, String> labels, List<String> taints,
        CpuArchitecture architecture) {

    public static final String CONTROLLER = "controller";

    public NodeRole {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        taints = List.copyOf(taints);
    }

    /** The controllers first, then each worker pool in spec order. */
    public static List<NodeRole> of(Environment env) {
        List<NodeRole> roles = new ArrayList<>();
        // node-role.kubernetes.io/* labels cannot be self-assigned by a kubelet (NodeRestriction refuses them), so
        // controllers identify with node.kubernetes.io/controller, as Typhoon does.
        roles.add(new NodeRole(CONTROLLER, true, Map.of("node.kubernetes.io/controller", "true"),
                List.of("node-role.kubernetes.io/controller=:NoSchedule"), env.controllers().architecture()));
        for (WorkerPoolSpec pool : env.workerPools()) {
            Map<String, String> labels = new TreeMap<>(pool.labels());
            labels.put("node.kubernetes.io/node", "");
            labels.put("slipway.dev/pool", pool.name());
            List<String> taints = new ArrayList<>(pool.taints());
            if (pool.hasSpot()) {
                // Every node of a pool with spot capacity, its on-demand base too: one config per pool.
                labels.put(WorkerPoolSpec.CAPACITY_LABEL, WorkerPoolSpec.SPOT);
                taints.add(WorkerPoolSpec.SPOT_TAINT);
            }
            roles.add(new NodeRole("worker-" + pool.name(), false, labels, taints, pool.architecture()));
        }
        return roles;
    }

    /** {@code --node-labels} value: {@code k=v,k2=v2} in key order. */
    public String nodeLabelsFlag() {
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
