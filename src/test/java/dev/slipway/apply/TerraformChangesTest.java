package dev.slipway.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading the summary from a {@code terraform show -json} plan document. */
class TerraformChangesTest {

    static String showJson() throws IOException {
        try (InputStream in = TerraformChangesTest.class.getResourceAsStream("/terraform/show-plan.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void countsCreatesUpdatesReplacesAndDestroysPerTypeIgnoringNoOpsAndDataReads() throws IOException {
        TerraformChanges c = TerraformChanges.parse(showJson());
        assertThat(c.perType()).containsExactly(
                java.util.Map.entry("aws_eip", new TerraformChanges.Counts(0, 0, 0, 1)),
                java.util.Map.entry("aws_instance", new TerraformChanges.Counts(0, 0, 1, 0)),
                java.util.Map.entry("aws_security_group", new TerraformChanges.Counts(0, 1, 0, 0)),
                java.util.Map.entry("aws_subnet", new TerraformChanges.Counts(2, 0, 0, 0)),
                java.util.Map.entry("aws_vpc", new TerraformChanges.Counts(1, 0, 0, 0)));
        assertThat(c.total()).isEqualTo(new TerraformChanges.Counts(3, 1, 1, 1));
        assertThat(c.isEmpty()).isFalse();
    }

    @Test
    void tellsWhatHappensToEachResourceInstanceByItsAddress() throws IOException {
        TerraformChanges c = TerraformChanges.parse(showJson());
        assertThat(c.perAddress().keySet()).containsExactly("aws_eip.nat[1]", "aws_instance.controllers[0]",
                "aws_security_group.workers", "aws_subnet.public[0]", "aws_subnet.public[1]", "aws_vpc.network");
        assertThat(c.perAddress().get("aws_instance.controllers[0]").summary()).isEqualTo("replace");
        assertThat(c.perAddress().get("aws_security_group.workers").summary()).isEqualTo("update");
    }

    @Test
    void createBeforeDestroyIsAReplaceToo() {
        String json = "{\"format_version\":\"1.2\",\"resource_changes\":[{\"type\":\"aws_launch_template\","
                + "\"mode\":\"managed\",\"change\":{\"actions\":[\"create\",\"delete\"]}}]}";
        assertThat(TerraformChanges.parse(json).total()).isEqualTo(new TerraformChanges.Counts(0, 0, 1, 0));
    }

    @Test
    void aPlanWithoutChangesIsEmpty() {
        assertThat(TerraformChanges.parse("{\"format_version\":\"1.2\"}").isEmpty()).isTrue();
    }

    @Test
    void somethingElseThanAPlanFails() {
        assertThatThrownBy(() -> TerraformChanges.parse("Error: no plan")).isInstanceOf(TerraformFailedException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> TerraformChanges.parse("{}")).hasMessageContaining("format_version");
    }
}
