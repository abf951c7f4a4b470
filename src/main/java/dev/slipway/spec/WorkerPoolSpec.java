package dev.slipway.spec;

import java.util.List;
import java.util.Map;

/**
 * A group of identical worker nodes in one Auto Scaling group.
 *
 * @param labels node labels added to every node of the pool
 * @param taints taints in kubelet syntax, {@code key=value:Effect}
 */
public record WorkerPoolSpec(
        String name,
        String instanceType,
        int min,
        int desired,
        int max,
        int diskSizeGb,
        Map<String, String> labels,
        List<String> taints) {

    public WorkerPoolSpec {
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        taints = List.copyOf(taints);
    }

    /** The CPU architecture of the pool's nodes, derived from its instance type (Graviton types are arm64). */
    public CpuArchitecture architecture() {
        return CpuArchitecture.ofInstanceType(instanceType);
    }
}
