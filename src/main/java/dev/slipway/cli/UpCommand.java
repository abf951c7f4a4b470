package dev.slipway.cli;

import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.StepOutcome;
import dev.slipway.operate.up.Up;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway up}: from nothing to a running platform, in resumable steps. */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Bring the environment up from nothing: state and PKI, infra init, infra apply, sync, the API server"
                    + " ready through its load balancer, deploy.",
            "Each step is the same code as its own command, and each has a cheap check (the bucket exists with its"
                    + " settings, terraform plan shows no change, the sync plan is empty, /readyz answers ok, the"
                    + " deploy plan writes nothing): a step found done is skipped. So a failed or interrupted up, run"
                    + " again, re-checks the steps before and continues from the first that is not done.",
            "Shows the steps first and asks once (type yes; a protected environment: its name; without a terminal"
                    + " --yes, plus --confirm ENV for protected environments, whose first CA also needs it)."
                    + " --dry-run shows the steps and changes nothing anywhere.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway up --env acc --dry-run",
            "  slipway up --env acc",
            "  slipway up --env prod --yes --confirm prod",
            "",
            "Exit codes: 0 up and ready; 1 a step failed (run the same command again to resume), or the question",
            "was answered no; 2 bad input (nothing changed).",
        })
public final class UpCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    OutputOption output;
    @Mixin
    YesOption yes;
    @Mixin
    ConfirmOption confirm;
    @Mixin
    ComponentSource source;
    @Spec
    CommandSpec spec;

    @Option(names = "--api-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long to wait for the API server after infra apply (default: ${DEFAULT-VALUE}).")
    long apiTimeout;

    ChangeApproval approval = ChangeApproval.onConsole();

    @Override
    public Integer call() throws Exception {
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (SpecException e) {
            if (!output.json()) {
                throw e;
            }
            OutputOption.printJson(spec.commandLine().getOut(), spec, envOption.name(),
                    ValidateCommand.problems(e.problems()), List.of());
            return ExitCodes.BAD_INPUT;
        }
        Environment env = ws.environment(envOption.name());
        boolean mayCreateCa = StateStoreLine.mayCreateCa(env, confirm);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean quiet = Verbosity.of(spec.commandLine()).quiet();
        Map<String, String> environment = SlipwayCommand.environment(spec.commandLine());
        Path terraformDir = ws.buildDirectory(env.name()).resolve("terraform");
        Path binary = TerraformRunner.locate(environment).orElse(null);
        if (binary == null && !dryRun.enabled()) {
            throw new IllegalStateException(TerraformRunner.installAdvice());
        }
        // A dry run never reaches a step that runs Terraform (its first check would write the saved plan).
        TerraformWorkspace terraform = new TerraformWorkspace(new TerraformRunner(
                binary == null ? Path.of("terraform") : binary, terraformDir, environment, err, err));
        Up.Inputs inputs = new Up.Inputs(mayCreateCa, terraform, environment,
                () -> source.load(ws, env, true, err, quiet), SyncProgress.create(err, quiet),
                DeployProgress.create(err, quiet), Duration.ofSeconds(apiTimeout));
        try (Up up = new Up(ws, env, inputs)) {
            Procedure procedure = up.procedure();
            List<StepOutcome> plan = procedure.plan(dryRun.enabled());
            if (!output.json() || !dryRun.enabled()) {
                ProcedurePrinter.printPlan(output.json() ? err : out, "Up plan for " + env.name()
                        + (dryRun.enabled() ? " (dry run: nothing is changed)" : "") + ":", plan);
            }
            if (dryRun.enabled()) {
                if (output.json()) {
                    OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(true, plan, Map.of()),
                            List.of());
                }
                return ExitCodes.OK;
            }
            boolean allDone = plan.stream().allMatch(o -> o.status() == StepOutcome.Status.ALREADY_DONE);
            if (!allDone && !approval.approve(env, "bring it up", yes, confirm)) {
                err.println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            List<StepOutcome> outcomes = procedure.run(ProcedurePrinter.phases(err, procedure, quiet));
            boolean ok = Procedure.succeeded(outcomes);
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(false, outcomes, Map.of()),
                        List.of());
            } else {
                ProcedurePrinter.printOutcomes(out, ok ? "Up " + env.name() + ": every step done"
                        : "Up " + env.name() + ": stopped", outcomes);
            }
            if (!ok) {
                StepOutcome failed = outcomes.stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                        .findFirst().orElseThrow();
                err.println("error: up stopped at '" + failed.step() + "': " + failed.detail() + ". Fix the cause,"
                        + " then run '" + Hints.command(ws, "up --env " + env.name()) + "' again: it resumes there.");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }
}
