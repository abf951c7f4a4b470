package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.GoldenFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slipway infra ...} against a stub {@code terraform} first on PATH: a shell script that records its working
 * folder and arguments, prints what terraform would, answers {@code show -json} with a real plan document, and
 * fails on request. Checks folder, arguments, exit codes and the summary.
 */
class InfraCommandTest {
    @TempDir
    Path tmp;
    Path spec;
    Path bin;
    Path log;
    final Map<String, String> environment = new HashMap<>();

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        Path project = Files.createDirectories(tmp.resolve("platform"));
        spec = project.resolve("platform.yaml");
        Files.copy(GoldenFiles.repo().resolve("examples/yourcom/platform.yaml"), spec);
        bin = Files.createDirectories(tmp.resolve("bin"));
        log = tmp.resolve("terraform.log");
        Path plan = tmp.resolve("show-plan.json");
        try (InputStream in = getClass().getResourceAsStream("/terraform/show-plan.json")) {
            Files.write(plan, in.readAllBytes());
        }
        stub("terraform", plan);
        environment.put("PATH", bin + ":/usr/bin:/bin");
        environment.put("HOME", tmp.toString());
        environment.put("STUB_LOG", log.toString());
    }

    private void stub(String name, Path plan) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                # Stub terraform for tests: records where and how it ran.
                echo "$(pwd) $*" >> "$STUB_LOG"
                if [ "$1" = "$STUB_FAIL" ]; then
                  echo "Error: stub $1 failed as asked" >&2
                  exit 1
                fi
                case "$1" in
                  init) mkdir -p .terraform; echo "Terraform has been successfully initialized!" ;;
                  plan) echo "Plan: 3 to add, 1 to change, 2 to destroy."; : > tfplan ;;
                  show) cat "PLAN_JSON" ;;
                  apply) echo "Apply complete! Resources: 3 added, 1 changed, 2 destroyed." ;;
                esac
                """.replace("PLAN_JSON", plan.toString()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Slipway.run(new PrintWriter(out), new PrintWriter(err), environment, args);
        return new Run(code, out.toString(), err.toString());
    }

    private List<String> calls() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    private String terraformDir(String env) {
        return spec.getParent().resolve("build").resolve(env).resolve("terraform").toString();
    }

    @Test
    void planRendersInitsPlansAndSummarisesInTheEnvironmentsTerraformFolder() throws IOException {
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String dir = terraformDir("acc");
        assertThat(calls()).containsExactly(
                dir + " init -no-color -input=false",
                dir + " plan -no-color -input=false -out=tfplan",
                dir + " show -no-color -json tfplan");
        assertThat(Path.of(dir, "network.tf")).exists();
        assertThat(r.out()).contains("Terraform has been successfully initialized!", "Plan: 3 to add")
                .contains("Slipway plan summary for acc: 3 to add, 1 to change, 1 to replace, 1 to destroy")
                .containsPattern("aws_subnet +2 +0 +0 +0")
                .containsPattern("aws_instance +0 +0 +1 +0")
                .containsPattern("aws_eip +0 +0 +0 +1")
                .doesNotContain("aws_iam_role", "aws_ami");

        // Second run: the tree is current and initialised, so only plan and show run.
        Files.delete(log);
        Run again = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(again.code()).isZero();
        assertThat(again.err()).doesNotContain("out of date");
        assertThat(calls()).containsExactly(dir + " plan -no-color -input=false -out=tfplan", dir + " show -no-color -json tfplan");
    }

    @Test
    void applyAppliesExactlyTheSavedPlan() throws IOException {
        Run r = run("infra", "apply", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(calls()).last().isEqualTo(terraformDir("acc") + " apply -no-color -input=false tfplan");
        assertThat(r.out()).contains("Apply complete!");
    }

    @Test
    void protectedEnvironmentNeedsConfirmForApplyAndDestroyAndNothingRuns() throws IOException {
        Run apply = run("infra", "apply", "--env", "prod", "-f", spec.toString());
        assertThat(apply.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(apply.err()).contains("--confirm prod");
        Run wrong = run("infra", "destroy", "--env", "prod", "--confirm", "acc", "-f", spec.toString());
        assertThat(wrong.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(calls()).isEmpty();
        assertThat(spec.getParent().resolve("build/prod")).doesNotExist();

        Run confirmed = run("infra", "apply", "--env", "prod", "--confirm", "prod", "-f", spec.toString());
        assertThat(confirmed.code()).as(confirmed.err()).isZero();
        assertThat(calls()).last().isEqualTo(terraformDir("prod") + " apply -no-color -input=false tfplan");
    }

    @Test
    void dryRunApplyAndDestroyOnlyPlan() throws IOException {
        Run apply = run("infra", "apply", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(apply.code()).as(apply.err()).isZero();
        Run destroy = run("infra", "destroy", "--env", "prod", "--dry-run", "-f", spec.toString());
        assertThat(destroy.code()).as(destroy.err()).isZero();
        String dir = terraformDir("prod");
        assertThat(calls()).containsExactly(
                dir + " init -no-color -input=false",
                dir + " plan -no-color -input=false -out=tfplan",
                dir + " show -no-color -json tfplan",
                dir + " plan -no-color -input=false -out=tfplan -destroy",
                dir + " show -no-color -json tfplan");
        assertThat(destroy.out()).contains("Slipway plan summary for prod");
    }

    @Test
    void terraformFailingExitsOneWithItsOwnMessage() throws IOException {
        environment.put("STUB_FAIL", "plan");
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("Error: stub plan failed as asked", "plan -input=false -out=tfplan failed");
        assertThat(calls()).noneMatch(c -> c.contains(" show -no-color "));
    }

    @Test
    void aFailedInitPointsAtSlipwaysOwnCommand() throws IOException {
        environment.put("STUB_FAIL", "init");
        Run r = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("then run 'slipway infra init --env acc -f " + spec + "'");
    }

    @Test
    void initRunsInit() throws IOException {
        Run r = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(calls()).containsExactly(terraformDir("acc") + " init -no-color -input=false");
    }

    @Test
    void usesTofuWhenTerraformIsMissingAndAdvisesWhenNeitherIs() throws IOException {
        Files.move(bin.resolve("terraform"), bin.resolve("tofu"));
        Run tofu = run("infra", "init", "--env", "acc", "-f", spec.toString());
        assertThat(tofu.code()).as(tofu.err()).isZero();
        assertThat(calls()).hasSize(1);

        Files.delete(bin.resolve("tofu"));
        environment.put("PATH", bin.toString());
        Run none = run("infra", "plan", "--env", "acc", "-f", spec.toString());
        assertThat(none.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("neither terraform nor tofu is on PATH", "Install one of them");
    }

    @Test
    void badInputExitsTwo() {
        assertThat(run("infra", "plan", "--env", "staging", "-f", spec.toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("infra", "plan", "--env", "acc", "-f", tmp.resolve("missing.yaml").toString()).code())
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run("infra", "frobnicate").code()).isEqualTo(ExitCodes.BAD_INPUT);
        Run help = run("infra", "apply", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--confirm", "--dry-run", "Examples:");
        assertThat(new String(help.out().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEmpty();
    }
}
