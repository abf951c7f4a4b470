package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import dev.slipway.render.RenderedFile;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node's first boot fetches its Ignition config from S3 once, through the S3 gateway endpoint or NAT, with its
 * role's policy; Ignition does not retry an S3 fetch that fails. Nothing in a node's arguments makes Terraform wait
 * for those, so every controller instance and every worker group must list them in {@code depends_on}: the role's
 * policy, the private route tables (whose inline default route waits for the NAT gateway), their association with
 * the private subnets, and the S3 endpoint. Read back from the rendered HCL by a parser.
 */
class BootOrderTest {
    private static final List<String> NETWORK = List.of("aws_route_table.private",
            "aws_route_table_association.private", "aws_vpc_endpoint.s3");

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    @SuppressWarnings("unchecked")
    void everyNodeWaitsForItsPolicyRoutesAndTheS3Endpoint(String which) throws Exception {
        Environment env = switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
        List<String> declared = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (RenderedFile f : TerraformTrees.render(env).files().values()) {
            if (!f.path().endsWith(".tf")) {
                continue;
            }
            Map<String, Object> hcl = new HCLParser().parse(new String(f.content(), StandardCharsets.UTF_8));
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            resources.forEach((type, named) -> ((Map<String, Object>) named).keySet()
                    .forEach(name -> declared.add(type + "." + name)));
            for (String type : List.of("aws_instance", "aws_autoscaling_group")) {
                ((Map<String, Object>) resources.getOrDefault(type, Map.of())).forEach((name, body) -> {
                    String address = type + "." + name;
                    Object raw = ((Map<String, Object>) body).get("depends_on");
                    assertThat(raw).as(address + " depends_on").isInstanceOf(List.class);
                    // The parser gives each reference as an object of its own; its text is the address.
                    List<String> dependsOn = ((List<Object>) raw).stream().map(Object::toString).toList();
                    assertThat(dependsOn).as(address + " depends_on")
                            .containsAll(NETWORK)
                            .contains("aws_iam_role_policy." + name);
                    checked.add(address);
                });
            }
        }
        assertThat(declared).as("the resources waited for are rendered").containsAll(NETWORK);
        assertThat(checked).anyMatch(a -> a.startsWith("aws_instance.")).anyMatch(a -> a.startsWith(
                "aws_autoscaling_group."));
    }
}
