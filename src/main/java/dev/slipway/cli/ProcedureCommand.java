package dev.slipway.cli;

import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.StepOutcome;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SpecException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code up} and {@code down} share: load the spec (a spec with errors answers in the JSON envelope too), make
 * the environment's {@link TerraformWorkspace}, show the procedure's plan, stop there on {@code --dry-run}, ask once,
 * run it with its phases shown, and report each step's outcome; a failed step exits 1 with how to resume.
 */
abstract class ProcedureCommand implements Callable<Integer> {
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
    @Spec
    CommandSpec spec;

    /** Who answers the question; the console unless a test stands in. */
    ChangeApproval approval = ChangeApproval.onConsole();

    /** One run of the procedure and the clients it holds. */
    interface Session extends AutoCloseable {
        Procedure procedure();

        /** More to show with the plan, before asking (down: the data statement). */
        default void describe(PrintWriter out) {
        }

        /**
         * Why the procedure must not start (upgrade's preflight), shown after the plan; then nothing is asked or run
         * and the command exits 1, dry run or not.
         */
        default java.util.Optional<String> blocked() {
            return java.util.Optional.empty();
        }

        /** More for the JSON result. */
        default Map<String, Object> json() {
            return Map.of();
        }

        @Override
        void close();
    }

    /**
     * Checks against the cloud before anything is opened or written (the existing VPC of {@code up}); false stops the
     * command with bad input, the problems already printed.
     */
    boolean ready(Environment env, PrintWriter err) {
        return true;
    }

    /** Checks that need the environment (may refuse with bad input), then the session. */
    abstract Session open(Workspace ws, Environment env, TerraformWorkspace terraform, PrintWriter err, boolean quiet);

    /** What the question asks to approve, e.g. "bring it up". */
    abstract String intent();

    @Override
    public final Integer call() throws Exception {
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean quiet = Verbosity.of(spec.commandLine()).quiet();
        String verb = spec.name();
        if (!ready(env, err)) {
            return ExitCodes.BAD_INPUT;
        }
        try (Session session = open(ws, env, terraform(ws, env, err), err, quiet)) {
            Procedure procedure = session.procedure();
            List<StepOutcome> plan = procedure.plan(dryRun.enabled());
            if (!output.json() || !dryRun.enabled()) {
                PrintWriter shown = output.json() ? err : out;
                ProcedurePrinter.printPlan(shown, capitalised(verb) + " plan for " + env.name()
                        + (dryRun.enabled() ? " (dry run: nothing is changed)" : "") + ":", plan);
                session.describe(shown);
                shown.flush();
            }
            java.util.Optional<String> blocked = session.blocked();
            if (dryRun.enabled() || blocked.isPresent()) {
                if (output.json()) {
                    OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(dryRun.enabled(), plan,
                            session.json()), List.of());
                }
                blocked.ifPresent(reason -> err.println("error: " + reason + "; nothing was changed"));
                return blocked.isPresent() ? ExitCodes.FAILURE : ExitCodes.OK;
            }
            boolean allDone = plan.stream().allMatch(o -> o.status() == StepOutcome.Status.ALREADY_DONE);
            if (!allDone && !approval.approve(env, intent(), yes, confirm)) {
                err.println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            List<StepOutcome> outcomes = procedure.run(ProcedurePrinter.phases(err, procedure, quiet));
            boolean ok = Procedure.succeeded(outcomes);
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(false, outcomes,
                        session.json()), List.of());
            } else {
                ProcedurePrinter.printOutcomes(out, capitalised(verb) + " " + env.name() + ": "
                        + (ok ? "every step done" : "stopped"), outcomes);
            }
            if (!ok) {
                StepOutcome failed = outcomes.stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                        .findFirst().orElseThrow();
                err.println("error: " + verb + " stopped at '" + failed.step() + "': " + failed.detail() + ". Fix"
                        + " the cause, then run '" + Hints.command(ws, verb + " --env " + env.name()) + "' again:"
                        + " it resumes there.");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The environment's Terraform folder. A dry run never reaches a step that runs Terraform (its first check would
     * write the saved plan), so it needs no binary.
     */
    private TerraformWorkspace terraform(Workspace ws, Environment env, PrintWriter err) {
        return EnvironmentTerraform.of(ws, env, SlipwayCommand.environment(spec.commandLine()), err, dryRun.enabled());
    }

    private static String capitalised(String verb) {
        return Character.toUpperCase(verb.charAt(0)) + verb.substring(1);
    }
}
