package dev.slipway.apply.aws;

import dev.slipway.spec.Environment;
import dev.slipway.spec.ExistingSubnetSpec;
import dev.slipway.spec.ExistingVpcSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Route;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * What an existing VPC (network.existingVpc) must offer before Slipway plans into it, read from EC2 (reads only):
 * the VPC and every named subnet exist, each subnet lies in that VPC and in its zone (and has the CIDR the spec
 * gives), carries the load balancer role tag the cloud controller chooses subnets by ({@link #PUBLIC_ROLE_TAG} on
 * public, {@link #PRIVATE_ROLE_TAG} on private: cloud-provider-aws {@code TagNameSubnetPublicELB} /
 * {@code TagNameSubnetInternalELB}), and has the routes nodes and load balancers need: a public subnet a default
 * route to an internet gateway, a private one a default route to a NAT gateway (or a transit gateway or NAT
 * instance), since nodes pull images from public registries. Slipway owns none of these, so it reports, never fixes.
 */
public final class ExistingVpcCheck {
    public static final String PUBLIC_ROLE_TAG = "kubernetes.io/role/elb";
    public static final String PRIVATE_ROLE_TAG = "kubernetes.io/role/internal-elb";
    static final String ANYWHERE = "0.0.0.0/0";

    private final Ec2Client ec2;

    public ExistingVpcCheck(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Each problem names the resource (VPC, subnet, route table) and what it lacks; empty when all is there. */
    public List<String> problems(Environment env) {
        ExistingVpcSpec x = env.network().existingVpc();
        List<String> out = new ArrayList<>();
        List<Vpc> vpcs = ec2.describeVpcs(b -> b.filters(filter("vpc-id", x.id()))).vpcs();
        if (vpcs.isEmpty()) {
            out.add("VPC " + x.id() + " (network.existingVpc.id) does not exist in " + env.aws().region()
                    + " for these credentials");
            return out;
        }
        Vpc vpc = vpcs.get(0);
        boolean cidrMatches = x.cidr().equals(vpc.cidrBlock()) || vpc.cidrBlockAssociationSet().stream()
                .anyMatch(a -> x.cidr().equals(a.cidrBlock()));
        if (!cidrMatches) {
            out.add("VPC " + x.id() + " has CIDR " + vpc.cidrBlock() + ", but network.existingVpc.cidr says "
                    + x.cidr());
        }
        List<String> ids = x.subnets().stream().map(ExistingSubnetSpec::id).toList();
        Map<String, Subnet> found = ec2.describeSubnetsPaginator(b -> b.filters(filter("subnet-id", ids))).subnets()
                .stream().collect(Collectors.toMap(Subnet::subnetId, Function.identity(), (a, b) -> a));
        List<RouteTable> tables = new ArrayList<>();
        ec2.describeRouteTablesPaginator(b -> b.filters(filter("vpc-id", x.id())))
                .forEach(p -> tables.addAll(p.routeTables()));
        for (ExistingSubnetSpec s : x.subnets()) {
            String named = s.role() + " subnet " + s.id();
            Subnet actual = found.get(s.id());
            if (actual == null) {
                out.add(named + " does not exist in " + env.aws().region());
                continue;
            }
            if (!x.id().equals(actual.vpcId())) {
                out.add(named + " is in VPC " + actual.vpcId() + ", not in " + x.id());
                continue;
            }
            if (!s.zone().equals(actual.availabilityZone())) {
                out.add(named + " is in zone " + actual.availabilityZone() + ", not in " + s.zone());
            }
            if (s.cidr() != null && !s.cidr().equals(actual.cidrBlock())) {
                out.add(named + " has CIDR " + actual.cidrBlock() + ", but the spec says " + s.cidr());
            }
            boolean isPublic = ExistingSubnetSpec.PUBLIC.equals(s.role());
            String roleTag = isPublic ? PUBLIC_ROLE_TAG : PRIVATE_ROLE_TAG;
            if (actual.tags().stream().noneMatch(t -> roleTag.equals(t.key()))) {
                out.add(named + " lacks the tag " + roleTag + "=1, by which the cloud controller puts "
                        + (isPublic ? "internet-facing" : "internal") + " load balancers there; the network team"
                        + " adds it (Slipway does not own the subnet)");
            }
            routes(named, isPublic, table(tables, s.id()), out);
        }
        return out;
    }

    private static void routes(String named, boolean isPublic, Optional<RouteTable> table, List<String> out) {
        if (table.isEmpty()) {
            out.add(named + " has no route table");
            return;
        }
        String rtb = table.get().routeTableId();
        Optional<Route> def = table.get().routes().stream()
                .filter(r -> ANYWHERE.equals(r.destinationCidrBlock()) && r.state() != RouteState.BLACKHOLE)
                .findFirst();
        boolean viaIgw = def.map(r -> r.gatewayId() != null && r.gatewayId().startsWith("igw-")).orElse(false);
        if (isPublic && !viaIgw) {
            out.add(named + " has no default route (0.0.0.0/0) to an internet gateway in route table " + rtb
                    + ": the API load balancer there would be unreachable");
        } else if (!isPublic && viaIgw) {
            out.add(named + " routes 0.0.0.0/0 to an internet gateway in route table " + rtb + ": it is a public"
                    + " subnet; nodes without public addresses there cannot reach the internet");
        } else if (!isPublic && def.map(r -> r.natGatewayId() == null && r.transitGatewayId() == null
                && r.instanceId() == null && r.networkInterfaceId() == null).orElse(true)) {
            out.add(named + " has no default route (0.0.0.0/0) to a NAT gateway in route table " + rtb
                    + ": nodes pull images from public registries and call AWS APIs through it");
        }
    }

    /** The subnet's route table: the one associated with it, else the VPC's main table. */
    private static Optional<RouteTable> table(List<RouteTable> tables, String subnetId) {
        return tables.stream().filter(t -> t.associations().stream()
                        .anyMatch(a -> subnetId.equals(a.subnetId()))).findFirst()
                .or(() -> tables.stream().filter(t -> t.associations().stream()
                        .anyMatch(a -> Boolean.TRUE.equals(a.main()))).findFirst());
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }
}
