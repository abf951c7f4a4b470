package dev.slipway.spec;

/**
 * Warnings, not errors, for an environment nobody can reach: no admin network (the API server and SSH are closed to
 * everyone), no SSH key (nobody can log in to a node), or the placeholder {@code slipway init} writes for the admin
 * network (a documentation range, RFC 5737) still in place. Such a spec is valid; it is probably not meant.
 */
final class ReachabilityRules {
    /** What {@code slipway init} writes until the user names their own network: TEST-NET-3, never routed. */
    static final String PLACEHOLDER_CIDR = "203.0.113.0/32";

    private final Rules rules;

    ReachabilityRules(Rules rules) {
        this.rules = rules;
    }

    void check(Environment env) {
        String base = "environments." + env.name() + ".";
        if (env.aws().adminCidrs().isEmpty()) {
            rules.warn(base + "aws.adminCidrs", "no admin network: nobody can reach the API server (6443) or SSH (22)"
                    + " of " + env.name() + " directly", "add your office or VPN network, e.g. adminCidrs: [198.51.100.0/24]");
        }
        for (int i = 0; i < env.aws().adminCidrs().size(); i++) {
            Cidr c = NetworkRules.cidr(env.aws().adminCidrs().get(i));
            if (c != null && (c.overlaps(Cidr.of("192.0.2.0/24")) || c.overlaps(Cidr.of("198.51.100.0/24"))
                    || c.overlaps(Cidr.of("203.0.113.0/24")))) {
                rules.warn(base + "aws.adminCidrs[" + i + "]", c + " is a documentation range (a placeholder): nobody"
                        + " connects from there", "replace it with your office or VPN network");
            }
        }
        if (env.aws().operatorRoles().isEmpty()) {
            rules.warn(base + "aws.operatorRoles", "no operator roles: anyone in the AWS account with S3 read (the"
                    + " managed ReadOnlyAccess is enough) can read " + env.name() + "'s CA keys, state, backups and"
                    + " node secrets in " + env.infraBucket(), "name the IAM roles that operate " + env.name()
                    + ", e.g. operatorRoles: [arn:aws:iam::111122223333:role/platform-operator]; the infra"
                    + " bucket's policy then denies those reads to everyone else");
        }
        if (env.sshAuthorizedKeys().isEmpty()) {
            rules.warn(base + "sshAuthorizedKeys", "no SSH key: nobody can log in to a node of " + env.name(),
                    "add your public key, e.g. the line in ~/.ssh/id_ed25519.pub");
        }
    }
}
