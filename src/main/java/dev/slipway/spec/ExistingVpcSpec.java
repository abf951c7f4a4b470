package dev.slipway.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * A VPC that exists already (the network team's), named instead of {@code vpcCidr}: Slipway reads it and its
 * subnets as Terraform data sources and creates only what it owns inside them (security groups, load balancers,
 * nodes), never the VPC, its subnets, route tables or gateways.
 *
 * @param id      the VPC's id, {@code vpc-...}
 * @param cidr    the VPC's (primary) address range, as AWS reports it; the pod and service ranges must not overlap it
 * @param subnets exactly one private and one public subnet per zone of the environment
 */
public record ExistingVpcSpec(String id, String cidr, List<ExistingSubnetSpec> subnets) {
    public ExistingVpcSpec {
        subnets = List.copyOf(subnets);
    }

    /** The zones of the subnets, in the order the spec first names them: the environment's zones. */
    public List<String> zones() {
        List<String> zones = new ArrayList<>();
        for (ExistingSubnetSpec s : subnets) {
            if (s.zone() != null && !zones.contains(s.zone())) {
                zones.add(s.zone());
            }
        }
        return zones;
    }

    /** The ids of the subnets of {@code role} ({@code private} or {@code public}), one per zone of {@code zones}. */
    public List<String> subnetIds(String role, List<String> zones) {
        List<String> ids = new ArrayList<>();
        for (String zone : zones) {
            subnets.stream().filter(s -> zone.equals(s.zone()) && role.equals(s.role())).findFirst()
                    .ifPresent(s -> ids.add(s.id()));
        }
        return ids;
    }
}
