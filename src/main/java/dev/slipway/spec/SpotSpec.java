package dev.slipway.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A worker pool's spot capacity: an Auto Scaling group with a mixed instances policy. The first
 * {@code onDemandBase} instances are on-demand, and of the instances above that base {@code onDemandPercentAboveBase}
 * percent are on-demand and the rest spot. Auto Scaling may launch any of {@code instanceTypes}; spot instances are
 * chosen by {@code allocationStrategy}.
 *
 * @param instanceTypes      every type the pool may launch, the pool's {@code instanceType} among them; empty means
 *                           the pool's {@code instanceType} alone
 * @param allocationStrategy the Auto Scaling spot allocation strategy, {@value #DEFAULT_STRATEGY} by default
 */
public record SpotSpec(int onDemandBase, int onDemandPercentAboveBase, List<String> instanceTypes,
        String allocationStrategy) {

    /** AWS's recommendation: the lowest price among the pools with the most spare capacity. */
    public static final String DEFAULT_STRATEGY = "price-capacity-optimized";
    /** Auto Scaling's spot allocation strategies (SpotAllocationStrategy of the Auto Scaling API). */
    public static final List<String> STRATEGIES = List.of("price-capacity-optimized", "capacity-optimized",
            "capacity-optimized-prioritized", "lowest-price");

    public SpotSpec {
        instanceTypes = List.copyOf(instanceTypes);
    }

    /** The launch template overrides: the listed types, or the pool's own type when none are listed. */
    public List<String> overrides(String poolInstanceType) {
        if (instanceTypes.isEmpty()) {
            return List.of(poolInstanceType);
        }
        return new ArrayList<>(instanceTypes);
    }
}
