package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.render.RenderedTree;
import dev.slipway.spec.Environment;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The zones the subnets lie in do not move after the first apply. {@code aws_availability_zones} filtered by
 * {@code state = "available"} shrinks or shifts during a zone event, so slicing it at every plan would replace subnets,
 * NAT gateways and controllers. {@code terraform_data}'s {@code output} is its {@code input} after apply
 * (hashicorp/terraform#31757), and {@code ignore_changes = [input]} keeps the first value.
 */
class ZonesRecordTest {

    private static String file(Environment env, String name) {
        RenderedTree tree = TerraformTrees.render(env);
        return new String(tree.files().values().stream().filter(f -> f.path().endsWith("/" + name)).findFirst()
                .orElseThrow().content(), StandardCharsets.UTF_8);
    }

    @Test
    void lookedUpZonesAreRecordedAtTheFirstApply() {
        Environment acc = ExampleEnvironments.acc();
        String network = file(acc, "network.tf");
        assertThat(network).contains("resource \"terraform_data\" \"zones\"",
                "input = slice(data.aws_availability_zones.available.names, 0, 2)", "ignore_changes = [input]");
        assertThat(file(acc, "locals.tf")).containsPattern("zones +\\= terraform_data\\.zones\\.output")
                .doesNotContain("slice(");
    }

    @Test
    void zonesTheSpecNamesStayLiteral() {
        Environment fcos = ExampleEnvironments.fedoraThreeZones();
        assertThat(file(fcos, "network.tf")).doesNotContain("terraform_data");
        assertThat(file(fcos, "locals.tf")).contains("\"us-east-2a\", \"us-east-2b\", \"us-east-2c\"");
    }
}
