package dev.slipway.spec;

/**
 * Control plane nodes; each runs etcd, so the count is odd (1, 3, 5) for quorum.
 */
public record ControllersSpec(int count, String instanceType, int diskSizeGb) {

    /** The CPU architecture of the controllers, derived from their instance type (Graviton types are arm64). */
    public CpuArchitecture architecture() {
        return CpuArchitecture.ofInstanceType(instanceType);
    }
}
