package dev.slipway.cli;

import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.up.Up;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway up}: from nothing to a running platform, in resumable steps. */
@Command(name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Bring the environment up from nothing: state and PKI, infra init, sync (before any node boots), infra"
                    + " apply, the API server ready through its load balancer, deploy.",
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
public final class UpCommand extends ProcedureCommand {
    @Mixin
    ComponentSource source;

    @Option(names = "--api-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "How long to wait for the API server after infra apply (default: ${DEFAULT-VALUE}).")
    long apiTimeout;

    @Override
    String intent() {
        return "bring it up";
    }

    /** An existing VPC must be ready before up renders, uploads or plans anything (as for infra plan/apply). */
    @Override
    boolean ready(Environment env, PrintWriter err) {
        return ExistingVpcGate.ready(env, err);
    }

    @Override
    Session open(Workspace ws, Environment env, TerraformWorkspace terraform, PrintWriter err, boolean quiet) {
        boolean mayCreateCa = StateStoreLine.mayCreateCa(env, confirm);
        Up up = new Up(ws, env, new Up.Inputs(mayCreateCa, terraform, SlipwayCommand.environment(spec.commandLine()),
                () -> source.load(ws, env, true, err, quiet), SyncProgress.create(err, quiet),
                DeployProgress.create(err, quiet), Duration.ofSeconds(apiTimeout), line -> {
                    if (!quiet) {
                        err.println(line);
                    }
                }));
        return new Session() {
            @Override
            public Procedure procedure() {
                return up.procedure();
            }

            @Override
            public void close() {
                up.close();
            }
        };
    }
}
