package dev.slipway.spec;

/**
 * @param vpcCidr     the VPC's address range when Slipway creates the VPC; subnets are carved from it (null with
 *                    {@code existingVpc})
 * @param podCidr     the pod network (must not overlap the VPC or service range)
 * @param serviceCidr the Service cluster IP range; its first address is the {@code kubernetes} Service
 * @param existingVpc a VPC that exists already, named instead of {@code vpcCidr}; null when Slipway creates one
 */
public record NetworkSpec(String vpcCidr, String podCidr, String serviceCidr, ExistingVpcSpec existingVpc) {

    /** A network in a VPC Slipway creates. */
    public NetworkSpec(String vpcCidr, String podCidr, String serviceCidr) {
        this(vpcCidr, podCidr, serviceCidr, null);
    }

    /** Whether the environment lives in a VPC that Slipway neither creates nor deletes. */
    public boolean usesExistingVpc() {
        return existingVpc != null;
    }

    /** The VPC's address range, created or existing: what network policies and the node address checks use. */
    public String vpcRange() {
        return existingVpc != null ? existingVpc.cidr() : vpcCidr;
    }
}
