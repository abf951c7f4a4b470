package dev.slipway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A VPC built in moto the way a network team would for {@code spec/existing-vpc.yaml}: public subnets routed to an
 * internet gateway, private ones to a NAT gateway, each with its load balancer role tag ({@code roleTags} public,
 * private). Moto chooses the ids, so {@link #specText} puts them into the fixture in place of its own.
 */
public record NetworkTeamsVpc(String vpc, String privA, String privB, String pubA, String pubB, String publicTable,
        String privateTable) {
    public static final String FIXTURE = "src/test/resources/spec/existing-vpc.yaml";

    public static NetworkTeamsVpc build(Ec2Client ec2, String publicRoleTag, String privateRoleTag) {
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.40.0.0/16")).vpc().vpcId();
        String privA = subnet(ec2, vpc, "10.40.128.0/24", "eu-west-1a", privateRoleTag);
        String privB = subnet(ec2, vpc, "10.40.129.0/24", "eu-west-1b", privateRoleTag);
        String pubA = subnet(ec2, vpc, "10.40.0.0/22", "eu-west-1a", publicRoleTag);
        String pubB = subnet(ec2, vpc, "10.40.4.0/22", "eu-west-1b", publicRoleTag);
        String igw = ec2.createInternetGateway(b -> { }).internetGateway().internetGatewayId();
        ec2.attachInternetGateway(b -> b.vpcId(vpc).internetGatewayId(igw));
        String publicTable = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(b -> b.routeTableId(publicTable).destinationCidrBlock("0.0.0.0/0").gatewayId(igw));
        String eip = ec2.allocateAddress(b -> b.domain(DomainType.VPC)).allocationId();
        String nat = ec2.createNatGateway(b -> b.subnetId(pubA).allocationId(eip)).natGateway().natGatewayId();
        String privateTable = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        ec2.createRoute(b -> b.routeTableId(privateTable).destinationCidrBlock("0.0.0.0/0").natGatewayId(nat));
        for (String s : List.of(pubA, pubB)) {
            ec2.associateRouteTable(b -> b.routeTableId(publicTable).subnetId(s));
        }
        for (String s : List.of(privA, privB)) {
            ec2.associateRouteTable(b -> b.routeTableId(privateTable).subnetId(s));
        }
        return new NetworkTeamsVpc(vpc, privA, privB, pubA, pubB, publicTable, privateTable);
    }

    /** A subnet of {@code vpcId}, with {@code roleTag}=1 unless it is null. */
    public static String subnet(Ec2Client ec2, String vpcId, String cidr, String zone, String roleTag) {
        String id = ec2.createSubnet(b -> b.vpcId(vpcId).cidrBlock(cidr).availabilityZone(zone)).subnet().subnetId();
        if (roleTag != null) {
            ec2.createTags(b -> b.resources(id).tags(Tag.builder().key(roleTag).value("1").build()));
        }
        return id;
    }

    /** The fixture's ids (and anything else) mapped to what moto built. */
    public Map<String, String> asBuilt() {
        return Map.of("vpc-0a1b2c3d4e5f60718", vpc, "subnet-0aa11bb22cc33dd44", privA,
                "subnet-0ee55ff66aa77bb88", privB, "subnet-0cc99dd00ee11ff22", pubA, "subnet-0aa33bb44cc55dd66", pubB);
    }

    /** {@link #FIXTURE}'s text with each key of {@code ids} replaced by its value. */
    public static String specText(Map<String, String> ids) throws IOException {
        String text = Files.readString(GoldenFiles.repo().resolve(FIXTURE));
        for (Map.Entry<String, String> e : ids.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }
}
