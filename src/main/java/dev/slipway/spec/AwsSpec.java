package dev.slipway.spec;

import java.util.List;

/**
 * @param region        AWS region, e.g. {@code eu-west-1}
 * @param adminCidrs    networks allowed to reach the API server and SSH directly
 * @param zones         availability zones to spread subnets over; empty means "the first two of the region"
 * @param operatorRoles the IAM roles (ARNs) of the people and CI jobs that operate the environment: the only
 *                      principals, beside each node role for its own {@code nodes/ROLE/secrets/}, that the infra
 *                      bucket's policy lets read the environment's state, backups, Terraform state and node secrets
 * @param role          the role Slipway assumes for every AWS call of the environment, or null: the caller's own
 *                      credentials (the SDK's default chain), in whatever account they are
 */
public record AwsSpec(String region, List<String> adminCidrs, List<String> zones, List<String> operatorRoles,
        AwsRole role) {
    public AwsSpec {
        adminCidrs = List.copyOf(adminCidrs);
        zones = List.copyOf(zones);
        operatorRoles = List.copyOf(operatorRoles);
    }

    /** An environment that assumes no role: Slipway uses the caller's credentials as they are. */
    public AwsSpec(String region, List<String> adminCidrs, List<String> zones, List<String> operatorRoles) {
        this(region, adminCidrs, zones, operatorRoles, null);
    }

    /**
     * The account the spec declares the environment to be in: the account of {@link #role()}; empty without a role
     * (the account is then the one the credentials resolve to, recorded in the state store the first time).
     */
    public java.util.Optional<String> declaredAccount() {
        return role == null || role.arn() == null || !role.arn().matches(SpecPatterns.IAM_ROLE_ARN)
                ? java.util.Optional.empty() : java.util.Optional.of(role.account());
    }

    /** An environment without operator roles: its bucket prefixes are guarded by TLS only (validate warns). */
    public AwsSpec(String region, List<String> adminCidrs, List<String> zones) {
        this(region, adminCidrs, zones, List.of());
    }
}
