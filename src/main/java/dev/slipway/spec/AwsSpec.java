package dev.slipway.spec;

import java.util.List;

/**
 * @param region        AWS region, e.g. {@code eu-west-1}
 * @param adminCidrs    networks allowed to reach the API server and SSH directly
 * @param zones         availability zones to spread subnets over; empty means "the first two of the region"
 * @param operatorRoles the IAM roles (ARNs) of the people and CI jobs that operate the environment: the only
 *                      principals, beside each node role for its own {@code nodes/ROLE/secrets/}, that the infra
 *                      bucket's policy lets read the environment's state, backups, Terraform state and node secrets
 */
public record AwsSpec(String region, List<String> adminCidrs, List<String> zones, List<String> operatorRoles) {
    public AwsSpec {
        adminCidrs = List.copyOf(adminCidrs);
        zones = List.copyOf(zones);
        operatorRoles = List.copyOf(operatorRoles);
    }

    /** An environment without operator roles: its bucket prefixes are guarded by TLS only (validate warns). */
    public AwsSpec(String region, List<String> adminCidrs, List<String> zones) {
        this(region, adminCidrs, zones, List.of());
    }
}
