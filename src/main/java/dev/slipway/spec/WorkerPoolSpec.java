package dev.slipway.spec;

import java.util.List;
import java.util.Map;

/**
 * A group of identical worker nodes in one Auto Scaling group.
 *
 * @param labels node labels added to every node of the pool
 * @param taints taints in kubelet syntax, {@code key=value:Effect}
 * @param spot   its spot capacity (a mixed instances policy), null for an on-demand pool
 */
public record WorkerPoolSpec(
        String name,
        String instanceType,
        int min,
        int desired,
        int max,
        int diskSizeGb,
        Map<String, String> labels,
        List<String> taints,
        SpotSpec spot) {

    /**
     * The label and taint every node of a pool that may run spot instances registers with (its on-demand base too:
     * the pool's nodes share one config, and Auto Scaling decides at launch which instance is on-demand). The taint
     * keeps every Pod off those nodes unless it tolerates it: MongoDB and anything with a PodDisruptionBudget of its
     * own never do, unless the spec opts them in ({@code allowSpot}); node agents tolerate every taint.
     */
    public static final String CAPACITY_LABEL = "node.slipway.dev/capacity";
    public static final String SPOT = "spot";
    public static final String SPOT_TAINT = CAPACITY_LABEL + "=" + SPOT + ":NoSchedule";

    public WorkerPoolSpec {
        labels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
        taints = List.copyOf(taints);
    }

    /** An on-demand pool. */
    public WorkerPoolSpec(String name, String instanceType, int min, int desired, int max, int diskSizeGb,
            Map<String, String> labels, List<String> taints) {
        this(name, instanceType, min, desired, max, diskSizeGb, labels, taints, null);
    }

    /** Whether any instance of this pool can be a spot instance (validation refuses a spot block that never is). */
    public boolean hasSpot() {
        return spot != null && spot.onDemandPercentAboveBase() < 100 && max > spot.onDemandBase();
    }

    /** Every type the pool may launch: a spot pool's listed types, else (or when it lists none) its one type. */
    public List<String> instanceTypes() {
        return spot != null && !spot.instanceTypes().isEmpty() ? spot.instanceTypes()
                : instanceType == null ? List.of() : List.of(instanceType);
    }

    /**
     * The CPU architecture of the pool's nodes, derived from its instance types (Graviton types are arm64);
     * validation (NodeRules.oneArchitecture) refuses a pool whose types mix architectures, so the first one speaks
     * for all of them.
     */
    public CpuArchitecture architecture() {
        List<String> types = instanceTypes();
        return CpuArchitecture.ofInstanceType(types.isEmpty() ? null : types.get(0));
    }
}
