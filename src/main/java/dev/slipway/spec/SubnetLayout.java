package dev.slipway.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an environment's VPC is cut into subnets: one public and one private subnet per zone, each a sixteenth of the
 * VPC (but never smaller than a /28, the smallest subnet AWS creates), public ones from the lower half, private ones
 * from the upper half (room for more public subnets without renumbering). The renderer takes the blocks from here
 * and the validator asks {@link #problem} first, so a VPC too small for the layout is a located error, never a
 * render that fails halfway.
 */
public record SubnetLayout(List<Cidr> publicSubnets, List<Cidr> privateSubnets) {
    /** AWS's smallest subnet. */
    public static final int SMALLEST_SUBNET_PREFIX = 28;
    /** Addresses AWS keeps in every subnet (network, router, DNS, future use, broadcast). */
    public static final int AWS_RESERVED_PER_SUBNET = 5;

    public SubnetLayout {
        publicSubnets = List.copyOf(publicSubnets);
        privateSubnets = List.copyOf(privateSubnets);
    }

    /**
     * The zones an environment spreads over: the named ones (aws.zones), else those of an existing VPC's subnets,
     * else 3 with 3 or more controllers, else 2.
     */
    public static int zoneCount(Environment env) {
        List<String> named = namedZones(env);
        if (!named.isEmpty()) {
            return named.size();
        }
        return env.controllers().count() >= 3 ? 3 : 2;
    }

    /** The zones the spec names: aws.zones, else an existing VPC's subnet zones; empty when looked up at apply. */
    public static List<String> namedZones(Environment env) {
        if (!env.aws().zones().isEmpty()) {
            return env.aws().zones();
        }
        if (env.network().usesExistingVpc()) {
            return env.network().existingVpc().zones();
        }
        return List.of();
    }

    static int subnetPrefix(Cidr vpc) {
        return Math.min(vpc.prefix() + 4, SMALLEST_SUBNET_PREFIX);
    }

    /** Why {@code vpc} cannot hold {@code zones} public and private subnets, or empty when it can. */
    public static Optional<String> problem(Cidr vpc, int zones) {
        int subnetPrefix = subnetPrefix(vpc);
        long perHalf = subnetPrefix - vpc.prefix() < 1 ? 0 : 1L << (subnetPrefix - vpc.prefix() - 1);
        if (perHalf < zones) {
            return Optional.of("a /" + vpc.prefix() + " VPC holds " + perHalf + " public and " + perHalf
                    + " private /" + subnetPrefix + " subnets (AWS's smallest), but " + zones + " zones need "
                    + zones + " of each");
        }
        return Optional.empty();
    }

    /** The layout of {@code env}'s VPC; throws when {@link #problem} would have said why not. */
    public static SubnetLayout of(Environment env) {
        Cidr vpc = Cidr.of(env.network().vpcCidr());
        int zones = zoneCount(env);
        problem(vpc, zones).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        int subnetPrefix = subnetPrefix(vpc);
        int half = 1 << (subnetPrefix - vpc.prefix() - 1);
        List<Cidr> pub = new ArrayList<>();
        List<Cidr> priv = new ArrayList<>();
        for (int i = 0; i < zones; i++) {
            pub.add(vpc.subnet(subnetPrefix, i));
            priv.add(vpc.subnet(subnetPrefix, half + i));
        }
        return new SubnetLayout(pub, priv);
    }

    /** Addresses the private subnets offer to nodes and the internal load balancer. */
    public long privateAddresses() {
        return privateSubnets.stream().mapToLong(c -> c.size() - AWS_RESERVED_PER_SUBNET).sum();
    }
}
