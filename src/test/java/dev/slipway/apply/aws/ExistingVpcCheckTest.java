package dev.slipway.apply.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecReader;
import dev.slipway.state.AwsSettings;
import dev.slipway.testing.MotoExtension;
import dev.slipway.testing.MotoSdkProperties;
import dev.slipway.testing.MotoServer;
import dev.slipway.testing.NetworkTeamsVpc;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The existing-VPC check of {@code infra plan}, against a VPC built in moto the way a network team would
 * ({@link NetworkTeamsVpc}). The spec is {@code spec/existing-vpc.yaml} with moto's ids put in.
 */
@ExtendWith(MotoExtension.class)
class ExistingVpcCheckTest {
    AwsClients aws;
    Ec2Client ec2;
    String vpc;
    String privA;
    String privB;
    String pubA;
    String pubB;
    String privateTable;
    NetworkTeamsVpc built;

    @BeforeEach
    void networkTeamsVpc(MotoServer moto) {
        MotoSdkProperties.pointAt(moto);
        aws = new AwsClients(AwsSettings.resolve("eu-west-1"));
        ec2 = aws.ec2();
        built = NetworkTeamsVpc.build(ec2, ExistingVpcCheck.PUBLIC_ROLE_TAG, ExistingVpcCheck.PRIVATE_ROLE_TAG);
        vpc = built.vpc();
        privA = built.privA();
        privB = built.privB();
        pubA = built.pubA();
        pubB = built.pubB();
        privateTable = built.privateTable();
    }

    @AfterEach
    void tearDown() {
        aws.close();
        MotoSdkProperties.clear();
    }

    String subnet(String vpcId, String cidr, String zone, String roleTag) {
        return NetworkTeamsVpc.subnet(ec2, vpcId, cidr, zone, roleTag);
    }

    /** spec/existing-vpc.yaml's acc, its VPC and subnets replaced by {@code ids} (fixture id to moto id). */
    Environment env(Map<String, String> ids) throws IOException {
        return SpecReader.parse(NetworkTeamsVpc.specText(ids), "platform.yaml").environment("acc").orElseThrow();
    }

    Map<String, String> asBuilt() {
        return built.asBuilt();
    }

    @Test
    void aVpcAsTheNetworkTeamBuiltItPasses() throws IOException {
        assertThat(new ExistingVpcCheck(ec2).problems(env(asBuilt()))).isEmpty();
    }

    @Test
    void missingTagsAndRoutesAreNamedBySubnetAndRouteTable() throws IOException {
        ec2.deleteTags(b -> b.resources(pubB).tags(Tag.builder().key(ExistingVpcCheck.PUBLIC_ROLE_TAG).build()));
        String bare = ec2.createRouteTable(b -> b.vpcId(vpc)).routeTable().routeTableId();
        String association = ec2.describeRouteTables(b -> b.routeTableIds(privateTable)).routeTables().get(0)
                .associations().stream().filter(a -> privB.equals(a.subnetId())).findFirst().orElseThrow()
                .routeTableAssociationId();
        ec2.replaceRouteTableAssociation(b -> b.associationId(association).routeTableId(bare));

        assertThat(new ExistingVpcCheck(ec2).problems(env(asBuilt()))).containsExactly(
                "private subnet " + privB + " has no default route (0.0.0.0/0) to a NAT gateway in route table " + bare
                        + ": nodes pull images from public registries and call AWS APIs through it",
                "public subnet " + pubB + " lacks the tag kubernetes.io/role/elb=1, by which the cloud controller puts"
                        + " internet-facing load balancers there; the network team adds it (Slipway does not own the"
                        + " subnet)");
    }

    @Test
    void aSubnetInAnotherVpcOrZoneAndAWrongCidrAreNamed() throws IOException {
        String other = ec2.createVpc(b -> b.cidrBlock("10.50.0.0/16")).vpc().vpcId();
        String elsewhere = subnet(other, "10.50.129.0/24", "eu-west-1b", ExistingVpcCheck.PRIVATE_ROLE_TAG);
        String wrongZone = subnet(vpc, "10.40.8.0/22", "eu-west-1c", ExistingVpcCheck.PUBLIC_ROLE_TAG);
        Map<String, String> ids = new HashMap<>(asBuilt());
        ids.put("subnet-0ee55ff66aa77bb88", elsewhere);
        ids.put("subnet-0aa33bb44cc55dd66", wrongZone);
        ids.put("10.40.0.0/22", "10.40.12.0/22");

        String mainTable = ec2.describeRouteTables(b -> b.filters(f -> f.name("vpc-id").values(vpc),
                f -> f.name("association.main").values("true"))).routeTables().get(0).routeTableId();
        assertThat(new ExistingVpcCheck(ec2).problems(env(ids))).containsExactly(
                "private subnet " + elsewhere + " is in VPC " + other + ", not in " + vpc,
                "public subnet " + pubA + " has CIDR 10.40.0.0/22, but the spec says 10.40.12.0/22",
                "public subnet " + wrongZone + " is in zone eu-west-1c, not in eu-west-1b",
                "public subnet " + wrongZone + " has CIDR 10.40.8.0/22, but the spec says 10.40.4.0/22",
                "public subnet " + wrongZone + " has no default route (0.0.0.0/0) to an internet gateway in route"
                        + " table " + mainTable + ": the API load balancer there would be unreachable");
    }

    @Test
    void aVpcThatDoesNotExistOrHasAnotherCidrIsNamed() throws IOException {
        Map<String, String> ids = new HashMap<>(asBuilt());
        ids.put("vpc-0a1b2c3d4e5f60718", "vpc-0123456789abcdef0");
        assertThat(new ExistingVpcCheck(ec2).problems(env(ids))).containsExactly(
                "VPC vpc-0123456789abcdef0 (network.existingVpc.id) does not exist in eu-west-1 for these credentials");
        // Another VPC, whose range is not the spec's: named, and every subnet of the spec is elsewhere.
        String smaller = ec2.createVpc(b -> b.cidrBlock("10.40.0.0/17")).vpc().vpcId();
        ids = new HashMap<>(asBuilt());
        ids.put("vpc-0a1b2c3d4e5f60718", smaller);
        assertThat(new ExistingVpcCheck(ec2).problems(env(ids))).containsExactly(
                "VPC " + smaller + " has CIDR 10.40.0.0/17, but network.existingVpc.cidr says 10.40.0.0/16",
                "private subnet " + privA + " is in VPC " + vpc + ", not in " + smaller,
                "private subnet " + privB + " is in VPC " + vpc + ", not in " + smaller,
                "public subnet " + pubA + " is in VPC " + vpc + ", not in " + smaller,
                "public subnet " + pubB + " is in VPC " + vpc + ", not in " + smaller);
    }
}
