package dev.slipway.operate.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.testing.StubTerraform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance replacement through Terraform, against the stub terraform (there is no AWS provider here): the plan
 * asks for {@code -replace} of exactly one controller, a plan that would change anything else is refused before the
 * apply, and what is applied is the saved plan.
 */
class TerraformControllerReplacementTest {
    private static final ControllerSlot ETCD1 = new ControllerSlot(1, "etcd1", "https://etcd1.prod.example.com:2380");

    @TempDir
    Path tmp;

    @Test
    void replacesExactlyThatControllerAndWhatFollowsIt() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_route53_record.etcd[1]", "aws_route53_record", "update"),
                change("aws_lb_target_group_attachment.controllers[1]", "aws_lb_target_group_attachment",
                        "delete", "create")));
        replacement.prepare(ETCD1);
        assertThat(log()).containsExactly(
                "plan -no-color -input=false -out=tfplan -replace=aws_instance.controllers[1]",
                "show -no-color -json tfplan");
        replacement.replace(ETCD1);
        assertThat(log()).last().isEqualTo("apply -no-color -input=false tfplan");
    }

    @Test
    void refusesAPlanThatChangesMoreThanTheController() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_security_group.controllers", "aws_security_group", "update")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1))
                .hasMessageContaining("terraform would also change aws_security_group (0 to add, 1 to change")
                .hasMessageContaining("run slipway infra plan/apply first");
        assertThat(log()).noneMatch(l -> l.startsWith("apply"));
    }

    @Test
    void refusesAPlanThatReplacesASecondInstance() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_instance.controllers[2]", "aws_instance", "delete", "create")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1)).hasMessageContaining("aws_instance (0 to add, 0 to"
                + " change, 2 to replace");
    }

    private TerraformControllerReplacement replacement(String planJson) throws Exception {
        Path script = StubTerraform.install(tmp.resolve("bin"), "terraform");
        Files.writeString(tmp.resolve("show-plan.json"), planJson);
        Path work = Files.createDirectories(tmp.resolve("terraform"));
        TerraformRunner runner = new TerraformRunner(script, work, Map.of("STUB_LOG", tmp.resolve("log").toString(),
                "PATH", System.getenv("PATH")), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return new TerraformControllerReplacement(new TerraformWorkspace(runner));
    }

    private List<String> log() throws Exception {
        return Files.readAllLines(tmp.resolve("log")).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    private static String plan(String... changes) {
        return "{\"format_version\":\"1.2\",\"resource_changes\":[" + String.join(",", changes) + "]}";
    }

    private static String change(String address, String type, String... actions) {
        return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"" + type + "\",\"change\":{\"actions\":["
                + String.join(",", List.of(actions).stream().map(a -> "\"" + a + "\"").toList()) + "]}}";
    }
}
