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
 * Every launch template and every instance the Terraform stage renders requires IMDSv2 with hop limit 1, so a Pod
 * on the pod network cannot reach the node's instance metadata and take its IAM role. Read back from the rendered
 * HCL by a parser, not from the renderer's own model.
 */
class InstanceMetadataTest {

    @ParameterizedTest
    @ValueSource(strings = {"acc", "prod", "fcos"})
    @SuppressWarnings("unchecked")
    void everyLaunchTemplateAndInstanceHasHopLimitOne(String which) throws Exception {
        Environment env = switch (which) {
            case "acc" -> ExampleEnvironments.acc();
            case "prod" -> ExampleEnvironments.prod();
            default -> ExampleEnvironments.fedoraThreeZones();
        };
        List<String> checked = new ArrayList<>();
        for (RenderedFile f : TerraformTrees.render(env).files().values()) {
            if (!f.path().endsWith(".tf")) {
                continue;
            }
            Map<String, Object> hcl = new HCLParser().parse(new String(f.content(), StandardCharsets.UTF_8));
            Map<String, Object> resources = (Map<String, Object>) hcl.getOrDefault("resource", Map.of());
            for (String type : List.of("aws_launch_template", "aws_instance")) {
                Map<String, Object> ofType = (Map<String, Object>) resources.getOrDefault(type, Map.of());
                ofType.forEach((name, body) -> {
                    String address = type + "." + name + " in " + f.path();
                    Object options = ((Map<String, Object>) body).get("metadata_options");
                    if (options instanceof List<?> l) {
                        assertThat(l).as(address).hasSize(1);
                        options = l.get(0);
                    }
                    assertThat(options).as(address + " has metadata_options").isInstanceOf(Map.class);
                    Map<String, Object> m = (Map<String, Object>) options;
                    assertThat(m.get("http_tokens")).as(address).isEqualTo("required");
                    assertThat(((Number) m.get("http_put_response_hop_limit")).intValue()).as(address).isEqualTo(1);
                    checked.add(address);
                });
            }
        }
        assertThat(checked).as("launch templates and instances found").anyMatch(a -> a.startsWith(
                "aws_launch_template.")).anyMatch(a -> a.startsWith("aws_instance."));
    }
}
