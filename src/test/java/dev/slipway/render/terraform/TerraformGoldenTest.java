package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.PlannedResource;
import dev.slipway.render.RenderedTree;
import dev.slipway.testing.GoldenFiles;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The example's acc and prod trees, file for file; plus determinism and the declared resources. */
class TerraformGoldenTest {

    @Test
    void accMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-acc", TerraformTrees.render(ExampleEnvironments.acc()).files());
    }

    @Test
    void prodMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-prod", TerraformTrees.render(ExampleEnvironments.prod()).files());
    }

    @Test
    void fedoraCoreOsOnNamedZonesMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-fcos-3-zones",
                TerraformTrees.render(ExampleEnvironments.fedoraThreeZones()).files());
    }

    /** Issue 28: prod with a mixed spot pool (SpotFixture): workers.tf's mixed policy and interruptions.tf. */
    @Test
    void aSpotPoolMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-prod-spot", TerraformTrees.render(dev.slipway.testing.SpotFixture.prod())
                .files());
    }

    /** Graviton controllers and an arm64 pool beside an amd64 one: one OS image lookup per architecture. */
    @Test
    void gravitonMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-graviton",
                TerraformTrees.render(dev.slipway.render.ignition.IgnitionFixtures.graviton()).files());
    }

    @Test
    void existingVpcMatchesGoldenFiles() {
        GoldenFiles.assertMatches("terraform-existing-vpc",
                TerraformTrees.render(ExampleEnvironments.existingVpc()).files());
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        RenderedTree a = TerraformTrees.render(ExampleEnvironments.prod());
        RenderedTree b = TerraformTrees.render(ExampleEnvironments.prod());
        assertThat(a.files()).isEqualTo(b.files());
        assertThat(a.resources()).isEqualTo(b.resources());
    }

    @Test
    void declaresEveryResourceInstanceForThePlanSummary() {
        RenderedTree prod = TerraformTrees.render(ExampleEnvironments.prod());
        Map<String, Long> perKind = prod.resources().stream()
                .collect(Collectors.groupingBy(PlannedResource::kind, TreeMap::new, Collectors.counting()));
        assertThat(perKind).containsEntry("aws_instance", 3L)
                .containsEntry("aws_autoscaling_group", 2L)
                .containsEntry("aws_launch_template", 2L)
                .containsEntry("aws_subnet", 6L)
                .containsEntry("aws_nat_gateway", 3L)
                .as("api, api-internal, etcd0-2, cdn A and AAAA, the certificate's validation")
                .containsEntry("aws_route53_record", 8L)
                .as("CloudFront's certificate").containsEntry("aws_acm_certificate", 1L)
                .as("the public and the internal API load balancer").containsEntry("aws_lb", 2L)
                .containsEntry("aws_cloudfront_distribution", 1L)
                .doesNotContainKey("aws_ami");
        assertThat(prod.resources()).allSatisfy(r -> assertThat(r.stage()).isEqualTo("terraform"));
        // Every declared resource exists as a block in the files.
        String all = prod.files().values().stream().map(f -> new String(f.content(),
                java.nio.charset.StandardCharsets.UTF_8)).collect(Collectors.joining());
        for (PlannedResource r : prod.resources()) {
            String name = r.name().replaceAll("\\[\\d+]$", "");
            assertThat(all).contains("resource \"" + r.kind() + "\" \"" + name + "\" {");
        }
        // prod, protected: Terraform refuses to destroy its buckets, the app bucket and the log bucket alike.
        String storage = new String(prod.files().get("terraform/storage.tf").content(),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String bucket : List.of("app", "logs")) {
            String block = storage.substring(storage.indexOf("resource \"aws_s3_bucket\" \"" + bucket + "\" {"));
            assertThat(block.substring(0, block.indexOf("\n}\n"))).as("aws_s3_bucket." + bucket)
                    .contains("prevent_destroy = true");
        }
        // The acc environment, unprotected, has a single NAT gateway and no prevent_destroy.
        RenderedTree acc = TerraformTrees.render(ExampleEnvironments.acc());
        assertThat(acc.resources().stream().filter(r -> r.kind().equals("aws_nat_gateway")).count()).isEqualTo(1);
        assertThat(new String(acc.files().get("terraform/storage.tf").content(),
                java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("prevent_destroy");
        assertThat(Arrays.asList("terraform/versions.tf", "terraform/backend.tf", "terraform/network.tf",
                "terraform/security.tf", "terraform/iam.tf", "terraform/controllers.tf", "terraform/workers.tf",
                "terraform/dns.tf", "terraform/storage.tf", "terraform/cdn.tf", "terraform/outputs.tf",
                "terraform/variables.tf")).allSatisfy(p -> assertThat(acc.files()).containsKey(p));
    }
}
