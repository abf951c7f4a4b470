package dev.slipway.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What can be checked offline about an existing VPC ({@link ExistingVpcSpec}): the subnets' ranges lie in the VPC's
 * and not on each other, no subnet is named twice, their zones are in the region (and among aws.zones when those are
 * named), exactly one private and one public subnet per zone, and the private subnets (when their ranges are given)
 * hold every node. Ids are checked for their form by the binder ({@link SpecPatterns#VPC_ID}); whether they exist,
 * lie in that VPC and zone, carry the tags and have the routes is checked against AWS at plan.
 */
final class ExistingVpcRules {
    private final Rules rules;
    private final NetworkRules network;

    ExistingVpcRules(Rules rules, NetworkRules network) {
        this.rules = rules;
        this.network = network;
    }

    void check(String base, Environment env, Cidr vpc) {
        ExistingVpcSpec x = env.network().existingVpc();
        rules.matches(base + "id", x.id(), SpecPatterns.VPC_ID, "a VPC id", "vpc- and 8 or 17 hexadecimal digits,"
                + " as the VPC console shows it, e.g. vpc-0a1b2c3d4e5f60718");
        java.util.Set<String> badZones = new java.util.HashSet<>();
        String region = env.aws().region();
        List<String> named = env.aws().zones();
        Map<String, Integer> firstById = new HashMap<>();
        Map<String, Integer> firstByZoneRole = new HashMap<>();
        List<Cidr> ranges = new ArrayList<>();
        List<Integer> rangeIndex = new ArrayList<>();
        for (int i = 0; i < x.subnets().size(); i++) {
            ExistingSubnetSpec s = x.subnets().get(i);
            String path = base + "subnets[" + i + "]";
            rules.matches(path + ".id", s.id(), SpecPatterns.SUBNET_ID, "a subnet id", "subnet- and 8 or 17"
                    + " hexadecimal digits, as the VPC console shows it, e.g. subnet-0aa11bb22cc33dd44");
            if (s.id() != null) {
                Integer first = firstById.putIfAbsent(s.id(), i);
                if (first != null) {
                    rules.report(path + ".id", "subnet " + s.id() + " is named twice (also subnets[" + first + "])",
                            "name each subnet once, with its own zone and role");
                }
            }
            Cidr range = network.syntax(path + ".cidr", s.cidr());
            if (range != null && vpc != null && !vpc.contains(range)) {
                rules.report(path + ".cidr", range + " is outside the VPC (" + vpc + ")", "a subnet's range lies"
                        + " inside its VPC's: check the subnet's id and CIDR in the VPC console");
            } else if (range != null) {
                for (int j = 0; j < ranges.size(); j++) {
                    if (ranges.get(j).overlaps(range)) {
                        rules.report(path + ".cidr", range + " overlaps subnets[" + rangeIndex.get(j) + "] ("
                                + ranges.get(j) + ")", "subnets of one VPC do not overlap: check the CIDRs");
                    }
                }
                ranges.add(range);
                rangeIndex.add(i);
            }
            if (s.zone() == null || !rules.matches(path + ".zone", s.zone(), SpecPatterns.AWS_ZONE,
                    "an availability zone", "e.g. eu-west-1a")) {
                badZones.add(s.zone());
                continue;
            }
            if (region != null && AwsCatalog.regions().contains(region) && !s.zone().startsWith(region)) {
                badZones.add(s.zone());
                rules.report(path + ".zone", "zone " + s.zone() + " is not in region " + region,
                        "use " + region + "a, " + region + "b, ...");
            } else if (!named.isEmpty() && !named.contains(s.zone())) {
                badZones.add(s.zone());
                rules.report(path + ".zone", "zone " + s.zone() + " is not one of aws.zones ("
                        + String.join(", ", named) + ")", "add it to aws.zones, or leave aws.zones out: the"
                        + " subnets' zones are then the environment's");
            }
            if (s.role() != null) {
                Integer first = firstByZoneRole.putIfAbsent(s.zone() + "/" + s.role(), i);
                if (first != null) {
                    rules.report(path + ".role", "a second " + s.role() + " subnet in " + s.zone() + " (the first is"
                            + " subnets[" + first + "])", "exactly one private and one public subnet per zone:"
                            + " name one of them");
                }
            }
        }
        for (String zone : SubnetLayout.namedZones(env)) {
            if (badZones.contains(zone)) {
                continue; // reported with the subnet that names it
            }
            for (String role : List.of(ExistingSubnetSpec.PRIVATE, ExistingSubnetSpec.PUBLIC)) {
                if (!firstByZoneRole.containsKey(zone + "/" + role) && !rules.isBroken(base + "subnets")) {
                    rules.report(base + "subnets", "zone " + zone + " has no " + role + " subnet", "add one:"
                            + " { id: subnet-..., zone: " + zone + ", role: " + role + " }");
                }
            }
        }
        capacity(base, env, x);
    }

    /** With every private subnet's range given: room for every node the pools may grow to and the internal LB. */
    private void capacity(String base, Environment env, ExistingVpcSpec x) {
        List<ExistingSubnetSpec> priv = x.subnets().stream()
                .filter(s -> ExistingSubnetSpec.PRIVATE.equals(s.role())).toList();
        if (priv.isEmpty() || priv.stream().anyMatch(s -> NetworkRules.cidr(s.cidr()) == null)) {
            return;
        }
        long offered = priv.stream().mapToLong(s -> NetworkRules.cidr(s.cidr()).size()
                - SubnetLayout.AWS_RESERVED_PER_SUBNET).sum();
        long nodes = env.controllers().count() + env.workerPools().stream().mapToLong(WorkerPoolSpec::max).sum();
        long needed = nodes + priv.size();
        if (offered < needed) {
            rules.report(base + "subnets", "the private subnets offer " + offered + " addresses, but " + nodes
                    + " nodes (controllers and every pool at max) and the internal API load balancer need " + needed,
                    "name larger private subnets, or lower the pools' max");
        }
    }
}
