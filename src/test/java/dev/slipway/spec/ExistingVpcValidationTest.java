package dev.slipway.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per offline rule on an existing VPC: {@code spec/existing-vpc.yaml} (valid) with one edit, and the exact
 * located message that edit must produce, and nothing else.
 */
class ExistingVpcValidationTest {
    static String valid() {
        try (var in = ExistingVpcValidationTest.class.getResourceAsStream("/spec/existing-vpc.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> problemsAfter(String find, String replace) {
        String text = valid();
        int at = text.indexOf(find);
        assertThat(at).as("'%s' occurs in existing-vpc.yaml", find).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(find, at + 1)).as("'%s' occurs once", find).isEqualTo(-1);
        String edited = text.substring(0, at) + replace + text.substring(at + find.length());
        SpecException e = catchThrowableOfType(SpecException.class, () -> SpecReader.parse(edited, "platform.yaml"));
        assertThat(e).as("an error for replacing '%s' by '%s'", find, replace).isNotNull();
        return e.problems().stream().map(Problem::format).toList();
    }

    @Test
    void theFixtureIsValidAndItsZonesAreTheSubnets() {
        Environment acc = SpecReader.parse(valid(), "platform.yaml").environment("acc").orElseThrow();
        assertThat(acc.network().usesExistingVpc()).isTrue();
        assertThat(acc.network().vpcRange()).isEqualTo("10.40.0.0/16");
        assertThat(SubnetLayout.namedZones(acc)).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(acc.network().existingVpc().subnetIds("public", SubnetLayout.namedZones(acc)))
                .containsExactly("subnet-0cc99dd00ee11ff22", "subnet-0aa33bb44cc55dd66");
    }

    static final String PRIV_A = "{id: subnet-0aa11bb22cc33dd44, zone: eu-west-1a, role: private, cidr: 10.40.128.0/24}";
    static final String PUB_B = "{id: subnet-0aa33bb44cc55dd66, zone: eu-west-1b, role: public, cidr: 10.40.4.0/22}";

    static final String EXISTING_VPC_BLOCK = """
                  existingVpc:
                    id: vpc-0a1b2c3d4e5f60718
                    cidr: 10.40.0.0/16
                    subnets:
                      - {id: subnet-0aa11bb22cc33dd44, zone: eu-west-1a, role: private, cidr: 10.40.128.0/24}
                      - {id: subnet-0ee55ff66aa77bb88, zone: eu-west-1b, role: private, cidr: 10.40.129.0/24}
                      - {id: subnet-0cc99dd00ee11ff22, zone: eu-west-1a, role: public, cidr: 10.40.0.0/22}
                      - {id: subnet-0aa33bb44cc55dd66, zone: eu-west-1b, role: public, cidr: 10.40.4.0/22}
            """;

    static Stream<Arguments> rules() {
        String at = "platform.yaml:";
        String x = "environments.acc.network.existingVpc.";
        return Stream.of(
                row(List.of(at + "44:13: " + x + "id: 'vpc-12345' is not a VPC id (vpc- and 8 or 17 hexadecimal digits, as the VPC console shows it, e.g. vpc-0a1b2c3d4e5f60718)"),
                        "id: vpc-0a1b2c3d4e5f60718", "id: vpc-12345"),
                row(List.of(at + "47:18: " + x + "subnets[0].id: 'subnet-XYZ' is not a subnet id (subnet- and 8 or 17 hexadecimal digits, as the VPC console shows it, e.g. subnet-0aa11bb22cc33dd44)"),
                        "subnet-0aa11bb22cc33dd44", "subnet-XYZ"),
                row(List.of(at + "47:83: " + x + "subnets[0].cidr: 10.50.128.0/24 is outside the VPC (10.40.0.0/16) (a subnet's range lies inside its VPC's: check the subnet's id and CIDR in the VPC console)"),
                        "cidr: 10.40.128.0/24", "cidr: 10.50.128.0/24"),
                row(List.of(at + "47:83: " + x + "subnets[0].cidr: '10.40.128.1/24' is not a valid CIDR block (host bits are set; did you mean 10.40.128.0/24?)"),
                        "cidr: 10.40.128.0/24", "cidr: 10.40.128.1/24"),
                row(List.of(at + "48:83: " + x + "subnets[1].cidr: 10.40.128.0/23 overlaps subnets[0] (10.40.128.0/24) (subnets of one VPC do not overlap: check the CIDRs)"),
                        "cidr: 10.40.129.0/24", "cidr: 10.40.128.0/23"),
                // Moving the second private subnet to zone a: a second private in a, and none left in b.
                row(List.of(at + "47:11: " + x + "subnets: zone eu-west-1b has no private subnet (add one: { id: subnet-..., zone: eu-west-1b, role: private })",
                                at + "48:68: " + x + "subnets[1].role: a second private subnet in eu-west-1a (the first is subnets[0]) (exactly one private and one public subnet per zone: name one of them)"),
                        "subnet-0ee55ff66aa77bb88, zone: eu-west-1b", "subnet-0ee55ff66aa77bb88, zone: eu-west-1a"),
                row(List.of(at + "50:18: " + x + "subnets[3].id: subnet subnet-0aa11bb22cc33dd44 is named twice (also subnets[0]) (name each subnet once, with its own zone and role)"),
                        "subnet-0aa33bb44cc55dd66", "subnet-0aa11bb22cc33dd44"),
                row(List.of(at + "47:11: " + x + "subnets: zone eu-west-1b has no public subnet (add one: { id: subnet-..., zone: eu-west-1b, role: public })"),
                        "\n          - " + PUB_B, ""),
                row(List.of(at + "47:11: " + x + "subnets: zone eu-west-1b has no public subnet (add one: { id: subnet-..., zone: eu-west-1b, role: public })",
                                at + "50:50: " + x + "subnets[3].zone: zone us-east-1b is not in region eu-west-1 (use eu-west-1a, eu-west-1b, ...)"),
                        "zone: eu-west-1b, role: public", "zone: us-east-1b, role: public"),
                row(List.of(at + "47:11: " + x + "subnets: zone eu-west-1a has no public subnet (add one: { id: subnet-..., zone: eu-west-1a, role: public })",
                                at + "49:50: " + x + "subnets[2].zone: 'eu-west-1' is not an availability zone (e.g. eu-west-1a)"),
                        "zone: eu-west-1a, role: public", "zone: eu-west-1, role: public"),
                row(List.of(at + "48:11: " + x + "subnets: zone eu-west-1c has no private subnet (add one: { id: subnet-..., zone: eu-west-1c, role: private })",
                                at + "48:11: " + x + "subnets: zone eu-west-1c has no public subnet (add one: { id: subnet-..., zone: eu-west-1c, role: public })",
                                at + "49:50: " + x + "subnets[1].zone: zone eu-west-1b is not one of aws.zones (eu-west-1a, eu-west-1c) (add it to aws.zones, or leave aws.zones out: the subnets' zones are then the environment's)",
                                at + "51:50: " + x + "subnets[3].zone: zone eu-west-1b is not one of aws.zones (eu-west-1a, eu-west-1c) (add it to aws.zones, or leave aws.zones out: the subnets' zones are then the environment's)"),
                        "  adminCidrs: [203.0.113.0/24]", "  adminCidrs: [203.0.113.0/24]\n  zones: [eu-west-1a, eu-west-1c]"),
                row(List.of(at + "51:16: environments.acc.network.podCidr: 10.40.0.0/16 overlaps the VPC (10.40.0.0/16) (the VPC, pod and service ranges must be disjoint)"),
                        "podCidr: 10.140.0.0/15", "podCidr: 10.40.0.0/16"),
                row(List.of(at + "52:20: environments.acc.network.serviceCidr: 10.40.240.0/20 overlaps the VPC (10.40.0.0/16) (the VPC, pod and service ranges must be disjoint)"),
                        "serviceCidr: 10.240.0.0/16", "serviceCidr: 10.40.240.0/20"),
                row(List.of(at + "51:16: environments.acc.network.vpcCidr: vpcCidr and existingVpc are both given (give vpcCidr for a VPC Slipway creates, or existingVpc for one that exists already, not both)"),
                        "\n      podCidr:", "\n      vpcCidr: 10.40.0.0/16\n      podCidr:"),
                row(List.of(at + "43:7: environments.acc.network.vpcCidr: is required (e.g. 10.10.0.0/16, or name a VPC that exists under existingVpc)"),
                        EXISTING_VPC_BLOCK, ""),
                row(List.of(at + "47:11: " + x + "subnets: the private subnets offer 502 addresses, but 501 nodes (controllers and every pool at max) and the internal API load balancer need 503 (name larger private subnets, or lower the pools' max)"),
                        "        max: 3", "        max: 500"));
    }

    private static Arguments row(List<String> expected, String find, String replace) {
        return Arguments.of(expected, find, replace);
    }

    @ParameterizedTest
    @MethodSource("rules")
    void eachRuleReportsExactlyItsProblems(List<String> expected, String find, String replace) {
        assertThat(problemsAfter(find, replace)).containsExactlyElementsOf(expected);
    }
}
