package dev.slipway.render.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.spec.SpecException;
import dev.slipway.spec.SpecReader;
import dev.slipway.testing.HclTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec that validates cannot fail the rendered Terraform's variable validation: the real {@code terraform} (or
 * {@code tofu}: {@link HclTools#terraform}) evaluates the rendered {@code variables.tf} (it needs no provider, so this
 * runs offline) on the values at the edge of what the spec accepts, and on the value the spec refuses.
 */
class TerraformVariableRulesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void renderVariablesAlone() throws Exception {
        Path tf = TerraformTrees.write(TerraformTrees.render(ExampleEnvironments.acc()), dir.resolve("tree"));
        Files.copy(tf.resolve("variables.tf"), dir.resolve("variables.tf"));
        assertThat(terraform("init", "-input=false", "-no-color").exitCode).isZero();
    }

    @Test
    void valuesTheSpecAcceptsPassTerraform() throws Exception {
        // Regions of the other partitions are refused by the spec (aws partition only), so are not tried here.
        for (String region : List.of("eusc-de-east-1", "us-isob-east-1", "us-gov-west-1")) {
            assertThat(specProblems("region: eu-west-1", "region: " + region)).as(region)
                    .anySatisfy(p -> assertThat(p).contains("is not in the aws partition"));
        }
        for (String region : List.of("ap-southeast-7", "mx-central-1", "il-central-1", "ca-west-1")) {
            assertThat(specProblems("region: eu-west-1", "region: " + region)).as(region).isEmpty();
            Result r = terraform("plan", "-input=false", "-no-color", "-var", "region=" + region);
            assertThat(r.exitCode).as("terraform on region %s: %s", region, r.output).isZero();
        }
        for (String type : List.of("m8idn.metal-48xl", "m7i-flex.large", "u-6tb1.metal")) {
            Result r = terraform("plan", "-input=false", "-no-color", "-var", "controller_instance_type=" + type);
            assertThat(r.exitCode).as("terraform on %s: %s", type, r.output).isZero();
        }
    }

    @Test
    void theValueTerraformRefusesTheSpecRefusesToo() throws Exception {
        Result r = terraform("plan", "-input=false", "-no-color", "-var", "admin_cidrs=[\"0.0.0.0/0\"]");
        assertThat(r.exitCode).isNotZero();
        assertThat(r.output).contains("admin_cidrs must not contain 0.0.0.0/0");
        assertThat(specProblems("adminCidrs: [203.0.113.0/24]", "adminCidrs: [0.0.0.0/0]")).singleElement()
                .asString().contains("0.0.0.0/0 would open the API server");
    }

    private static List<String> specProblems(String find, String replace) throws Exception {
        String text = new String(TerraformVariableRulesTest.class.getResourceAsStream("/spec/valid.yaml")
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).contains(find);
        try {
            SpecReader.parse(text.replace(find, replace).replace("zones: [eu-west-1a, eu-west-1b]", "zones: []"),
                    "platform.yaml");
            return List.of();
        } catch (SpecException e) {
            return e.problems().stream().map(p -> p.format()).toList();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result terraform(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(HclTools.terraform().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("terraform finished").isTrue();
        return new Result(p.exitValue(), out);
    }
}
