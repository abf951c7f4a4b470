package dev.slipway.spec;

/**
 * @param vpcCidr     the VPC's address range; subnets are carved from it
 * @param podCidr     the pod network (must not overlap the VPC or service range)
 * @param serviceCidr the Service cluster IP range; its first address is the {@code kubernetes} Service
 */
public record NetworkSpec(String vpcCidr, String podCidr, String serviceCidr) {
}
