package dev.slipway.cli;

import dev.slipway.apply.TerraformRunner;
import dev.slipway.apply.aws.TaggedResource;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.StepOutcome;
import dev.slipway.operate.down.DataLoss;
import dev.slipway.operate.down.Down;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.SpecException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway down}: the cluster's own AWS resources first, then {@code infra destroy}. */
@Command(name = "down",
        mixinStandardHelpOptions = true,
        description = {
            "Take the environment down without leaking load balancers.",
            "In order: delete the LoadBalancer Services and the PersistentVolumeClaims (through the environment's"
                    + " own cluster), wait until AWS holds no load balancer, target group or security group tagged"
                    + " for the cluster that Terraform did not make (the cloud controller's), then infra destroy."
                    + " Terraform never runs while the scan finds one: after --wait-timeout what is left is reported"
                    + " and down exits 1; --delete-orphans deletes it instead.",
            "States first which data goes and which stays (the app bucket, the claims' EBS volumes, which the"
                    + " StorageClass keeps, the snapshots), then asks once. Resumable: run again after a failure, done"
                    + " steps are skipped. A protected environment is refused: its app bucket has prevent_destroy and"
                    + " its API load balancer deletion protection (the message says what to do).",
        },
        footer = {
            "",
            "Examples:",
            "  slipway down --env acc --dry-run",
            "  slipway down --env acc",
            "  slipway down --env acc --yes --delete-orphans",
            "",
            "Exit codes: 0 down; 1 a step failed or something tagged was left (run again to resume), or the",
            "question was answered no; 2 bad input or a protected environment (nothing changed).",
        })
public final class DownCommand implements Callable<Integer> {
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
    KubeconfigOption kubeconfig;
    @Spec
    CommandSpec spec;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for the cloud controller to delete its load balancers (default:"
                    + " ${DEFAULT-VALUE}).")
    long waitTimeout;

    @Option(names = "--delete-orphans", description = "After the timeout, delete the load balancers, target groups"
            + " and security groups still tagged for the cluster (never volumes), then go on.")
    boolean deleteOrphans;

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
        StateStoreLine.mayCreateCa(env, confirm);
        String refusal = DataLoss.protectedRefusal(env, "'" + Hints.command(ws, "down --env " + env.name()) + "'");
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
        if (waitTimeout < 0) {
            throw new InvalidInputException("--wait-timeout " + waitTimeout + ": must be 0 or more seconds");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean quiet = Verbosity.of(spec.commandLine()).quiet();
        Map<String, String> environment = SlipwayCommand.environment(spec.commandLine());
        Path binary = TerraformRunner.locate(environment).orElse(null);
        if (binary == null && !dryRun.enabled()) {
            throw new IllegalStateException(TerraformRunner.installAdvice());
        }
        TerraformWorkspace terraform = new TerraformWorkspace(new TerraformRunner(
                binary == null ? Path.of("terraform") : binary, ws.buildDirectory(env.name()).resolve("terraform"),
                environment, err, err));
        KubernetesClient[] client = new KubernetesClient[1];
        Supplier<KubernetesClient> connect = () -> {
            if (client[0] == null) {
                client[0] = kubeconfig.connect(ws, env);
            }
            return client[0];
        };
        Down.Inputs inputs = new Down.Inputs(connect, terraform, Duration.ofSeconds(waitTimeout),
                Duration.ofSeconds(2), deleteOrphans, line -> {
                    if (!quiet) {
                        err.println("down: " + line);
                        err.flush();
                    }
                });
        try (Down down = new Down(env, inputs)) {
            List<String> guarded = down.deletionProtected();
            if (!guarded.isEmpty()) {
                throw new InvalidInputException("load balancer " + String.join(", ", guarded) + " of " + env.name()
                        + " still has deletion protection (the spec no longer protects it, but Terraform has not"
                        + " applied that yet): run '" + Hints.command(ws, "infra apply --env " + env.name())
                        + "' first; nothing was changed");
            }
            Procedure procedure = down.procedure();
            List<StepOutcome> plan = procedure.plan(dryRun.enabled());
            List<TaggedResource> tagged = down.tagged();
            List<String> data = down.dataLoss();
            PrintWriter shown = output.json() ? err : out;
            if (!output.json() || !dryRun.enabled()) {
                ProcedurePrinter.printPlan(shown, "Down plan for " + env.name()
                        + (dryRun.enabled() ? " (dry run: nothing is changed)" : "") + ":", plan);
                shown.println("Tagged for the cluster in AWS now (not Terraform's): " + (tagged.isEmpty() ? "none"
                        : tagged.size()));
                tagged.forEach(r -> shown.println("  " + r.describe()));
                shown.println("Data:");
                data.forEach(d -> shown.println("  " + d));
                shown.flush();
            }
            if (dryRun.enabled()) {
                if (output.json()) {
                    OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(true, plan,
                            extra(tagged, data)), List.of());
                }
                return ExitCodes.OK;
            }
            boolean allDone = plan.stream().allMatch(o -> o.status() == StepOutcome.Status.ALREADY_DONE);
            if (!allDone && !approval.approve(env, "take it down (the data above as stated)", yes, confirm)) {
                err.println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            List<StepOutcome> outcomes = procedure.run(ProcedurePrinter.phases(err, procedure, quiet));
            boolean ok = Procedure.succeeded(outcomes);
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), ProcedurePrinter.json(false, outcomes,
                        extra(down.tagged(), data)), List.of());
            } else {
                ProcedurePrinter.printOutcomes(out, ok ? "Down " + env.name() + ": every step done"
                        : "Down " + env.name() + ": stopped", outcomes);
            }
            if (!ok) {
                StepOutcome failed = outcomes.stream().filter(o -> o.status() == StepOutcome.Status.FAILED)
                        .findFirst().orElseThrow();
                err.println("error: down stopped at '" + failed.step() + "': " + failed.detail() + ". Run '"
                        + Hints.command(ws, "down --env " + env.name()) + "' again to resume there.");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        } finally {
            if (client[0] != null) {
                client[0].close();
            }
        }
    }

    private static Map<String, Object> extra(List<TaggedResource> tagged, List<String> data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tagged", tagged.stream().map(r -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("kind", r.kind().words());
            t.put("id", r.id());
            t.put("name", r.name());
            t.put("service", r.service());
            return t;
        }).toList());
        m.put("data", data);
        return m;
    }
}
