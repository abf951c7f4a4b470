package dev.slipway.spec;

/**
 * One subnet of an {@link ExistingVpcSpec}.
 *
 * @param id   the subnet's id, {@code subnet-...}
 * @param zone its availability zone
 * @param role {@code private} (nodes, the internal API load balancer) or {@code public} (the API load balancer,
 *             internet-facing Service load balancers)
 * @param cidr its address range (optional): when given, checked offline to lie in the VPC and at plan against AWS
 */
public record ExistingSubnetSpec(String id, String zone, String role, String cidr) {
    public static final String PRIVATE = "private";
    public static final String PUBLIC = "public";
}
