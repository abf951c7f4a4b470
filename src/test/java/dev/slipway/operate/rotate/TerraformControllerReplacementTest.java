package dev.slipway.operate.rotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.render.terraform.ControllerReplacementScope;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.GoldenFiles;
import dev.slipway.testing.StubTerraform;
import dev.slipway.versions.Versions;
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
 * asks for {@code -replace} of exactly one controller; what may change with it is read from the rendered prod tree
 * (its instance, its two API target-group attachments, whose {@code target_id} forces replacement, and its etcd DNS
 * record); a plan that would change anything else is refused before the apply, and what is applied is the saved plan.
 */
class TerraformControllerReplacementTest {
    private static final ControllerSlot ETCD1 = new ControllerSlot(1, "etcd1", "https://etcd1.prod.example.com:2380");
    private static final ControllerReplacementScope PROD = ControllerReplacementScope.of(
            SpecReader.read(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml")).environment("prod")
                    .orElseThrow(), Versions.bundled());

    @TempDir
    Path tmp;

    @Test
    void replacesExactlyThatControllerAndWhatTheRenderedProdTreeSaysFollowsIt() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_route53_record.etcd[1]", "aws_route53_record", "update"),
                change("aws_lb_target_group_attachment.controllers[1]", "aws_lb_target_group_attachment",
                        "delete", "create"),
                change("aws_lb_target_group_attachment.api_internal_controllers[1]", "aws_lb_target_group_attachment",
                        "delete", "create")));
        assertThat(replacement.describe(ETCD1)).contains("aws_lb_target_group_attachment.api_internal_controllers[1]",
                "aws_lb_target_group_attachment.controllers[1]", "aws_route53_record.etcd[1]");
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
                change("aws_lb_target_group_attachment.controllers[1]", "aws_lb_target_group_attachment",
                        "delete", "create"),
                change("aws_security_group.controllers", "aws_security_group", "update")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1))
                .hasMessageContaining("terraform would also change aws_security_group.controllers (update) besides"
                        + " replacing aws_instance.controllers[1]")
                .hasMessageNotContaining("aws_lb_target_group_attachment")
                .hasMessageContaining("run slipway infra plan/apply first");
        assertThat(log()).noneMatch(l -> l.startsWith("apply"));
    }

    @Test
    void refusesAPlanThatReplacesWhatFollowsAnotherController() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_lb_target_group_attachment.api_internal_controllers[2]", "aws_lb_target_group_attachment",
                        "delete", "create")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1)).hasMessageContaining(
                "also change aws_lb_target_group_attachment.api_internal_controllers[2] (replace)");
    }

    @Test
    void refusesAPlanThatReplacesASecondInstance() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_instance.controllers[2]", "aws_instance", "delete", "create")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1)).hasMessageContaining(
                "also change aws_instance.controllers[2] (replace)");
    }

    @Test
    void refusesAFollowerThatIsOnlyCreatedOrDestroyed() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_instance.controllers[1]", "aws_instance", "delete", "create"),
                change("aws_route53_record.etcd[1]", "aws_route53_record", "delete")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1)).hasMessageContaining(
                "also change aws_route53_record.etcd[1] (destroy)");
    }

    @Test
    void refusesAPlanThatDoesNotReplaceTheInstance() throws Exception {
        TerraformControllerReplacement replacement = replacement(plan(
                change("aws_route53_record.etcd[1]", "aws_route53_record", "update")));
        assertThatThrownBy(() -> replacement.prepare(ETCD1)).hasMessageContaining(
                "terraform plans no replacement of aws_instance.controllers[1]");
    }

    private TerraformControllerReplacement replacement(String planJson) throws Exception {
        Path script = StubTerraform.install(tmp.resolve("bin"), "terraform");
        Files.writeString(tmp.resolve("show-plan.json"), planJson);
        Path work = Files.createDirectories(tmp.resolve("terraform"));
        TerraformRunner runner = new TerraformRunner(script, work, Map.of("STUB_LOG", tmp.resolve("log").toString(),
                "PATH", System.getenv("PATH")), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        return new TerraformControllerReplacement(new TerraformWorkspace(runner), PROD);
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
