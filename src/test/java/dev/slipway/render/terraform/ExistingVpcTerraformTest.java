package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.apply.aws.ExistingVpcCheck;
import dev.slipway.render.PlannedResource;
import dev.slipway.render.RenderedTree;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.versions.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An environment in an existing VPC: Terraform reads the VPC and subnets and owns nothing of the network team's, so
 * {@code terraform destroy} ({@code slipway down}) cannot delete them; the tags it relies on are cloud-provider-aws's
 * at the pinned cloud controller (verbatim in {@code src/test/resources/upstream/cloud-provider-aws/VERSION/}).
 */
class ExistingVpcTerraformTest {
    /** Resource types that are the network itself: never created (nor destroyed) in an existing VPC. */
    static final List<String> NETWORK_TEAMS = List.of("aws_vpc", "aws_subnet", "aws_route_table",
            "aws_route_table_association", "aws_route", "aws_internet_gateway", "aws_nat_gateway", "aws_eip",
            "aws_default_security_group", "aws_default_route_table", "aws_default_network_acl", "aws_network_acl",
            "aws_vpc_endpoint", "aws_flow_log", "aws_main_route_table_association");

    @Test
    void createsNothingOfTheNetworkAndReadsVpcAndSubnets() {
        RenderedTree tree = TerraformTrees.render(ExampleEnvironments.existingVpc());
        assertThat(tree.resources()).extracting(PlannedResource::kind).doesNotContainAnyElementsOf(NETWORK_TEAMS);
        String all = tree.files().values().stream().map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        for (String type : NETWORK_TEAMS) {
            assertThat(all).as(type).doesNotContain("resource \"" + type + "\"");
        }
        assertThat(all).contains("data \"aws_vpc\" \"network\"", "data \"aws_subnet\" \"public\"",
                "data \"aws_subnet\" \"private\"");
        // The one thing put on the subnets: this cluster's tag, "shared", one aws_ec2_tag per subnet.
        assertThat(tree.resources().stream().filter(r -> r.kind().equals("aws_ec2_tag")).count()).isEqualTo(4);
        // The example's environments still create their VPC.
        assertThat(TerraformTrees.render(ExampleEnvironments.acc()).resources()).extracting(PlannedResource::kind)
                .contains("aws_vpc", "aws_subnet", "aws_nat_gateway");
    }

    /**
     * The golden tree a reviewer reads (golden/terraform-existing-vpc): no block of the network's types, no reference
     * to such a resource (only to data sources and locals), and the only thing put on the network team's resources is
     * one aws_ec2_tag per subnet, on a data-source subnet, with this cluster's key and the value "shared".
     */
    @Test
    void theGoldenTreeOwnsNothingOfTheNetworkAndOnlyTagsItsSubnetsShared() throws IOException {
        Path dir = GoldenFiles.repo().resolve("src/test/resources/golden/terraform-existing-vpc/terraform");
        String all;
        try (Stream<Path> files = Files.list(dir)) {
            all = files.filter(f -> f.toString().endsWith(".tf")).sorted().map(ExistingVpcTerraformTest::read)
                    .collect(Collectors.joining("\n"));
        }
        String types = String.join("|", NETWORK_TEAMS);
        assertThat(Pattern.compile("(?m)^resource \"(" + types + ")\"").matcher(all).results()
                .map(MatchResult::group)).as("network resources the golden tree would own").isEmpty();
        assertThat(Pattern.compile("(?<![.\\w])(" + types + ")\\.\\w+").matcher(all).results()
                .map(MatchResult::group)).as("references to network resources (not data sources)").isEmpty();
        assertThat(all).contains("data \"aws_vpc\" \"network\"", "data \"aws_subnet\" \"public\"",
                "data \"aws_subnet\" \"private\"");

        List<String> tags = Pattern.compile("(?ms)^resource \"aws_ec2_tag\" \"(\\w+)\" \\{(.*?)^}").matcher(all)
                .results().map(m -> m.group(1) + ":" + m.group(2).replaceAll("\\s+", " ").trim()).toList();
        String key = ExampleEnvironments.existingVpc().clusterTagKey();
        assertThat(key).isEqualTo("kubernetes.io/cluster/demo-acc");
        assertThat(tags).containsExactlyInAnyOrder(
                "public_subnet_cluster:count = 2 resource_id = data.aws_subnet.public[count.index].id key = \"" + key
                        + "\" value = \"shared\"",
                "private_subnet_cluster:count = 2 resource_id = data.aws_subnet.private[count.index].id key = \""
                        + key + "\" value = \"shared\"");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theTagsAreThoseOfTheCloudControllerAtItsPinnedVersion() throws IOException {
        String image = Versions.bundled().get("essentials.cloudControllerManager.image");
        String version = image.substring(image.lastIndexOf(':') + 1);
        Path upstream = GoldenFiles.repo().resolve("src/test/resources/upstream/cloud-provider-aws/" + version);
        assertThat(upstream).as("cloud-provider-aws source of the pinned image %s", image).isDirectory();
        String aws = Files.readString(upstream.resolve("aws-excerpt.go"));
        String tags = Files.readString(upstream.resolve("tags.go"));
        assertThat(constant(aws, "TagNameSubnetPublicELB")).isEqualTo(ExistingVpcCheck.PUBLIC_ROLE_TAG);
        assertThat(constant(aws, "TagNameSubnetInternalELB")).isEqualTo(ExistingVpcCheck.PRIVATE_ROLE_TAG);
        assertThat(constant(tags, "ResourceLifecycleShared")).isEqualTo(ExistingVpc.SHARED);
        String clusterTag = ExampleEnvironments.existingVpc().clusterTagKey();
        assertThat(clusterTag).startsWith(constant(tags, "TagNameKubernetesClusterPrefix"));
        // findSubnets keeps a VPC's subnets with this cluster's tag or none: why the shared tag is put on them.
        assertThat(aws).contains("if c.tagging.hasClusterTag(subnet.Tags) {",
                "} else if c.tagging.hasNoClusterPrefixTag(subnet.Tags) {");
        // What network.tf puts on the subnets is exactly that key and value.
        String network = new String(TerraformTrees.render(ExampleEnvironments.existingVpc()).files()
                .get("terraform/network.tf").content(), StandardCharsets.UTF_8);
        assertThat(network).contains("key         = \"" + clusterTag + "\"", "value       = \"shared\"");
    }

    /**
     * What ExistingVpcCheck asks of the subnets is what the cloud controller's service controller uses to place load
     * balancers at the pinned version (findELBSubnets, isSubnetPublic): a subnet is public when its route table (the
     * associated one, else the VPC's main one) routes to an igw- gateway; private subnets never get internet-facing
     * load balancers; the role tags choose between subnets of one zone, so without them the choice is arbitrary.
     */
    @Test
    void theCheckJudgesSubnetsAsTheCloudControllerPlacesLoadBalancers() throws IOException {
        String image = Versions.bundled().get("essentials.cloudControllerManager.image");
        Path upstream = GoldenFiles.repo().resolve("src/test/resources/upstream/cloud-provider-aws/"
                + image.substring(image.lastIndexOf(':') + 1));
        String elb = Files.readString(upstream.resolve("aws-elb-subnets-excerpt.go"));
        assertThat(elb).contains("if !internalELB && !isPublic {", "tagName = TagNameSubnetInternalELB",
                "tagName = TagNameSubnetPublicELB", "_, subnetHasTag := findTag(subnet.Tags, tagName)",
                "if aws.ToString(assoc.SubnetId) == subnetID {", "if aws.ToBool(assoc.Main) == true {",
                "if strings.HasPrefix(aws.ToString(route.GatewayId), \"igw\") {");
    }

    /** README's example is the fixture the golden tree and the tests render, so what it shows is what works. */
    @Test
    void theReadmesExampleIsTheFixturesNetwork() throws IOException {
        List<String> fixture = Files.readAllLines(
                GoldenFiles.repo().resolve("src/test/resources/spec/existing-vpc.yaml"));
        int from = fixture.indexOf("    network:");
        int to = fixture.indexOf("      serviceCidr: 10.240.0.0/16");
        assertThat(from).isPositive();
        assertThat(to).isGreaterThan(from);
        String network = String.join("\n", fixture.subList(from, to + 1));
        String readme = Files.readString(GoldenFiles.repo().resolve("README.md"));
        assertThat(readme).contains("### An existing VPC", "environments:\n  acc:\n" + network + "\n```");
    }

    private static String constant(String go, String name) {
        Matcher m = Pattern.compile(name + "\\s*=\\s*\"([^\"]*)\"").matcher(go);
        assertThat(m.find()).as("%s in the upstream source", name).isTrue();
        return m.group(1);
    }
}
