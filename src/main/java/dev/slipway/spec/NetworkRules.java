package dev.slipway.spec;

/**
 * Rules on an environment's address ranges: CIDR syntax (with the canonical form as hint when host bits are set),
 * sizes (AWS VPCs are /16 to /28; the API server accepts service ranges up to a /12; every node takes a /24 of the
 * pod range) and overlaps between the VPC, pod and service ranges, and the admin networks.
 */
final class NetworkRules {
    private final Rules rules;

    NetworkRules(Rules rules) {
        this.rules = rules;
    }

    /** The parsed block, or null when the text is absent or not a canonical CIDR (reported elsewhere). */
    static Cidr cidr(String text) {
        return text == null ? null : Cidr.parse(text).orElse(null);
    }

    /** Checks syntax; returns the block or null. */
    Cidr syntax(String path, String text) {
        if (text == null) {
            return null;
        }
        Cidr c = cidr(text);
        if (c == null) {
            String hint = Cidr.canonical(text).filter(canon -> !canon.equals(text))
                    .map(canon -> "host bits are set; did you mean " + canon + "?")
                    .orElse("an IPv4 block like 10.0.0.0/16");
            rules.report(path, "'" + text + "' is not a valid CIDR block", hint);
        }
        return c;
    }

    void check(Environment env) {
        String base = "environments." + env.name() + ".network.";
        NetworkSpec n = env.network();
        Cidr vpc;
        if (n.usesExistingVpc()) {
            if (n.vpcCidr() != null) {
                rules.report(base + "vpcCidr", "vpcCidr and existingVpc are both given", "give vpcCidr for a VPC"
                        + " Slipway creates, or existingVpc for one that exists already, not both");
            }
            vpc = syntax(base + "existingVpc.cidr", n.existingVpc().cidr());
            if (vpc != null && (vpc.prefix() < 16 || vpc.prefix() > 28)) {
                rules.report(base + "existingVpc.cidr", "a /" + vpc.prefix() + " VPC is outside what AWS allows",
                        "write the VPC's CIDR as AWS shows it, a prefix from /16 to /28");
            }
            new ExistingVpcRules(rules, this).check(base + "existingVpc.", env, vpc);
        } else {
            rules.present(base + "vpcCidr", n.vpcCidr(), "e.g. 10.10.0.0/16, or name a VPC that exists under"
                    + " existingVpc");
            vpc = syntax(base + "vpcCidr", n.vpcCidr());
            if (vpc != null && (vpc.prefix() < 16 || vpc.prefix() > 28)) {
                rules.report(base + "vpcCidr", "a /" + vpc.prefix() + " VPC is outside what AWS allows",
                        "use a prefix from /16 to /28");
            } else if (vpc != null) {
                subnets(base + "vpcCidr", env, vpc);
            }
        }
        Cidr pod = syntax(base + "podCidr", n.podCidr());
        Cidr svc = syntax(base + "serviceCidr", n.serviceCidr());
        if (svc != null && svc.prefix() < 12) {
            rules.report(base + "serviceCidr", "a /" + svc.prefix() + " service range is larger than the API server"
                    + " accepts", "use /12 or smaller, e.g. /16");
        }
        if (svc != null && svc.prefix() > 24) {
            rules.report(base + "serviceCidr", "a /" + svc.prefix() + " service range is too small for the cluster's"
                    + " Services", "use /24 or larger, e.g. /16");
        }
        if (pod != null) {
            long nodes = env.controllers().count()
                    + env.workerPools().stream().mapToLong(WorkerPoolSpec::max).sum();
            long fits = pod.prefix() > 24 ? 0 : 1L << (24 - pod.prefix());
            if (fits < nodes) {
                rules.report(base + "podCidr", "a /" + pod.prefix() + " pod range fits " + fits + " nodes but the"
                        + " environment may have " + nodes, "each node takes a /24; use a larger range, e.g. /16");
            }
        }
        overlap(base + "podCidr", pod, "the VPC", vpc);
        overlap(base + "serviceCidr", svc, "the VPC", vpc);
        overlap(base + "serviceCidr", svc, "the pod range", pod);
        for (int i = 0; i < env.aws().adminCidrs().size(); i++) {
            String path = "environments." + env.name() + ".aws.adminCidrs[" + i + "]";
            Cidr admin = syntax(path, env.aws().adminCidrs().get(i));
            if (admin != null && admin.toString().equals(SpecPatterns.ANYWHERE)) {
                // The rendered variables.tf refuses the same value; checked here so it fails now, not at apply.
                rules.report(path, SpecPatterns.ANYWHERE + " would open the API server and SSH to the whole internet",
                        "name your office or VPN network, e.g. 203.0.113.0/24");
            }
        }
    }

    /**
     * The VPC must hold the subnet layout ({@link SubnetLayout}: a public and a private subnet per zone), and the
     * private subnets must hold every node the pools may grow to plus the internal API load balancer's address in
     * each zone.
     */
    private void subnets(String path, Environment env, Cidr vpc) {
        int zones = SubnetLayout.zoneCount(env);
        java.util.Optional<String> layoutProblem = SubnetLayout.problem(vpc, zones);
        if (layoutProblem.isPresent()) {
            rules.report(path, layoutProblem.get(), "use a larger VPC, e.g. /24 or /16"
                    + (env.aws().zones().size() > 2 ? ", or fewer zones" : ""));
            return;
        }
        long nodes = env.controllers().count() + env.workerPools().stream().mapToLong(WorkerPoolSpec::max).sum();
        long needed = nodes + zones;
        long offered = SubnetLayout.of(env).privateAddresses();
        if (offered < needed) {
            rules.report(path, "the private subnets of a /" + vpc.prefix() + " VPC offer " + offered + " addresses,"
                    + " but " + nodes + " nodes (controllers and every pool at max) and the internal API load"
                    + " balancer need " + needed, "use a larger VPC, e.g. /16, or lower the pools' max");
        }
    }

    private void overlap(String path, Cidr a, String what, Cidr b) {
        if (a != null && b != null && a.overlaps(b)) {
            rules.report(path, a + " overlaps " + what + " (" + b + ")", "the VPC, pod and service ranges must be"
                    + " disjoint");
        }
    }
}
