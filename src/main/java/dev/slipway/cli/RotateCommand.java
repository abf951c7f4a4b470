package dev.slipway.cli;

import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.rotate.ControllerRotation;
import dev.slipway.operate.rotate.ControllerRotationListener;
import dev.slipway.operate.rotate.ControllerRotationResult;
import dev.slipway.operate.rotate.RotationStep;
import dev.slipway.pki.ClusterPki;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.WorkerGroups;
import dev.slipway.apply.nodes.ClusterNodes;
import dev.slipway.apply.nodes.NodeDrain;
import dev.slipway.operate.rotate.PoolOutcome;
import dev.slipway.operate.rotate.PoolPlan;
import dev.slipway.operate.rotate.RotationOptions;
import dev.slipway.operate.rotate.WorkerRotation;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.spec.SpecException;
import dev.slipway.spec.WorkerPoolSpec;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import software.amazon.awssdk.services.s3.S3Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway rotate}: replace nodes with fresh ones from the current launch template, without downtime. */
@Command(name = "rotate",
        mixinStandardHelpOptions = true,
        description = {
            "Replace an environment's worker nodes that run an older launch template version with new ones.",
            "For each old instance (or --max-unavailable of them at once): the pool's Auto Scaling group grows by one,"
                    + " the new instance's Node must become Ready, the old Node is cordoned and drained through the"
                    + " Eviction API (PodDisruptionBudgets decide; a refused eviction is reported with the budget and"
                    + " the Pods in its way and retried until --drain-timeout, never forced), and the old instance is"
                    + " terminated with the desired capacity decremented. The group ends at its original size.",
            "A new node that is not Ready within --ready-timeout aborts: old nodes are kept (uncordoned), the surge"
                    + " instance is terminated and the group is back at its original size (exit 1). A re-run after an"
                    + " abort or an interrupted run continues; a re-run after a finished one has nothing to do.",
            "Instances are matched to Nodes by spec.providerID (aws:///ZONE/INSTANCE_ID).",
        },
        footer = {
            "",
            "Examples:",
            "  slipway rotate --env acc --dry-run",
            "  slipway rotate --env acc --pool general",
            "  slipway rotate --env prod --pool general --max-unavailable 2 --confirm prod",
            "",
            "Exit codes: 0 rotated, or nothing to do; 1 aborted, stopped by a disruption",
            "budget, or the question answered no; 2 bad input (nothing changed).",
        })
public final class RotateCommand implements Callable<Integer> {
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

    @Option(names = "--pool", paramLabel = "POOL", split = ",", hideParamSyntax = true,
            description = "Rotate only these worker pools (repeat, or comma-separated; default: every pool).")
    List<String> pools = new ArrayList<>();

    @Option(names = "--controllers", description = "Rotate the controllers instead, one at a time, keeping etcd"
            + " quorum, after an etcd snapshot into the infra bucket (ENV/backups/etcd/; to restore it, see the"
            + " README).")
    boolean controllers;

    @Option(names = "--max-unavailable", paramLabel = "N", defaultValue = "1",
            description = "Old nodes replaced at once, each with its own surge instance (default: ${DEFAULT-VALUE}).")
    int maxUnavailable;

    @Option(names = "--ready-timeout", paramLabel = "S", defaultValue = "600",
            description = "Seconds a new node may take to become Ready before the rotation aborts (default:"
                    + " ${DEFAULT-VALUE}).")
    long readyTimeoutSeconds;

    @Option(names = "--drain-timeout", paramLabel = "S", defaultValue = "900",
            description = "Seconds a drain may wait for disruption budgets before the rotation stops (default:"
                    + " ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds;

    /** Tests poll faster than AWS needs; not for people. */
    @Option(names = "--poll-interval-ms", hidden = true, defaultValue = "5000",
            description = "How often AWS and the cluster are read while waiting, in milliseconds (for tests).")
    long pollIntervalMillis;

    ChangeApproval approval = ChangeApproval.onConsole();

    @Override
    public Integer call() throws Exception {
        if (controllers && !pools.isEmpty()) {
            throw new InvalidInputException("--controllers and --pool exclude each other: rotate the controllers or"
                    + " worker pools, one at a time");
        }
        if (maxUnavailable < 1) {
            throw new InvalidInputException("--max-unavailable " + maxUnavailable + ": must be at least 1");
        }
        if (readyTimeoutSeconds < 1 || drainTimeoutSeconds < 1) {
            throw new InvalidInputException("--ready-timeout and --drain-timeout are seconds, at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        if (controllers) {
            return rotateControllers(ws, env);
        }
        List<String> chosen = chosenPools(env);
        RotationOptions options = new RotationOptions(maxUnavailable, Duration.ofSeconds(readyTimeoutSeconds),
                Duration.ofSeconds(drainTimeoutSeconds), Duration.ofMillis(pollIntervalMillis));
        RotatePrinter printer = new RotatePrinter(env.name(), options, dryRun.enabled());
        try (KubernetesClient client = kubeconfig.connect(ws, env);
             AwsClients aws = new AwsClients(AwsSettings.resolve(env))) {
            WorkerRotation rotation = new WorkerRotation(new WorkerGroups(aws.autoScaling(), aws.ec2()),
                    new ClusterNodes(client), new NodeDrain(client, options.pollInterval()), options);
            List<PoolPlan> plans = chosen.stream().map(p -> rotation.plan(env, p)).toList();
            if (!output.json()) {
                printer.printPlan(out, plans);
                out.flush();
            }
            boolean nothing = plans.stream().allMatch(PoolPlan::nothingToDo);
            if (dryRun.enabled() || nothing) {
                if (output.json()) {
                    OutputOption.printJson(out, spec, env.name(), printer.json(plans, List.of()), List.of());
                }
                return ExitCodes.OK;
            }
            long replacements = plans.stream().mapToLong(p -> p.replacements().size()).sum();
            String action = replacements > 0 ? "replace these " + replacements + " nodes"
                    : "finish the unfinished rotation";
            if (!approval.approve(env, action, yes, confirm)) {
                spec.commandLine().getErr().println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            List<PoolOutcome> outcomes = new ArrayList<>();
            RotatePrinter.Progress progress = printer.progress(spec.commandLine().getErr(),
                    Verbosity.of(spec.commandLine()).quiet());
            for (PoolPlan plan : plans) {
                PoolOutcome outcome = rotation.run(env, plan, progress);
                outcomes.add(outcome);
                if (outcome.failed()) {
                    break; // the next pool waits until this one is sorted out
                }
            }
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), printer.json(plans, outcomes), List.of());
            } else {
                printer.printOutcomes(out, outcomes);
            }
            boolean failed = outcomes.stream().anyMatch(PoolOutcome::failed);
            outcomes.stream().filter(PoolOutcome::failed).forEach(o -> spec.commandLine().getErr()
                    .println("error: pool " + o.pool() + ": " + o.reason()));
            return failed ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }

    private List<String> chosenPools(Environment env) {
        List<String> known = env.workerPools().stream().map(WorkerPoolSpec::name).toList();
        if (pools.isEmpty()) {
            return known;
        }
        for (String p : pools) {
            if (!known.contains(p)) {
                throw new InvalidInputException("--pool " + p + ": environment " + env.name() + " has no worker pool"
                        + " named so (its pools: " + String.join(", ", known) + ")");
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(pools));
    }

    /**
     * {@code --controllers}: one controller at a time, keeping etcd's quorum ({@link ControllerRotation}). The
     * controller config it rotates towards is the rendered {@code build/ENV/ignition/controller.pointer.ign}: run
     * {@code slipway plan} (and {@code infra apply}) first, so the config and the launch settings are current.
     */
    private int rotateControllers(Workspace ws, Environment env) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> refused = ControllerRotation.refusal(env);
        if (refused.isPresent()) {
            throw new InvalidInputException("--controllers: " + refused.get() + "; nothing was changed");
        }
        Path pointer = ws.buildDirectory(env.name()).resolve("ignition").resolve("controller.pointer.ign");
        if (!Files.isRegularFile(pointer)) {
            throw new InvalidInputException(pointer + " is missing: render the controller config first (slipway plan"
                    + " --env " + env.name() + "), then rotate");
        }
        StateStore store = ws.stateStore(env.name());
        ClusterPki pki = EnvironmentPki.withSystemClock(store).load();
        TerraformWorkspace terraform = EnvironmentTerraform.of(ws, env,
                SlipwayCommand.environment(spec.commandLine()), err, dryRun.enabled());
        try (KubernetesClient client = kubeconfig.connect(ws, env);
             S3Client s3 = S3Clients.create(AwsSettings.resolve(env), 1);
             ControllerRotation rotation = ControllerRotation.forEnvironment(env, store, pki, client, terraform,
                     pointer, s3, ControllerRotation.Settings.DEFAULT)) {
            List<RotationStep> steps = rotation.plan();
            if (!output.json()) {
                out.println(steps.isEmpty() ? "controllers of " + env.name() + ": every controller runs the current"
                        + " config; nothing to do" : "controllers of " + env.name() + ": " + steps.size()
                        + " steps, one controller at a time");
                steps.forEach(s -> out.println("  " + s));
                rotation.snapshot().ifPresent(uri -> out.println("  (the etcd snapshot of this rotation, taken by an"
                        + " earlier run: " + uri + ")"));
                out.flush();
            }
            if (dryRun.enabled() || steps.isEmpty()) {
                if (output.json()) {
                    OutputOption.printJson(out, spec, env.name(), controllersJson(steps, List.of(), null,
                            rotation.snapshot().orElse(null), true), List.of());
                }
                return ExitCodes.OK;
            }
            if (!approval.approve(env, "replace the controllers one at a time (" + steps.size() + " steps)", yes,
                    confirm)) {
                err.println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            ControllerRotationResult result = rotation.run(new ControllerRotationListener() {
                @Override
                public void starting(RotationStep step) {
                    err.println("  ... " + step);
                    err.flush();
                }

                @Override
                public void finished(RotationStep step) {
                    err.println("  done " + step);
                    err.flush();
                }
            });
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), controllersJson(steps, result.done(),
                        result.abortReason().orElse(null), rotation.snapshot().orElse(null), false), List.of());
            } else {
                out.println(result.completed() ? "controllers of " + env.name() + ": rotated"
                        : "controllers of " + env.name() + ": aborted");
                rotation.snapshot().ifPresent(uri -> out.println("etcd snapshot taken before the first member"
                        + " change: " + uri + " (to restore from it: README, \"Rotate controllers\")"));
            }
            result.abortReason().ifPresent(r -> err.println("error: " + r));
            return result.exitCode();
        }
    }

    /** The {@code result} of {@code rotate --controllers -o json} (schema: {@code rotateControllers}). */
    static Map<String, Object> controllersJson(List<RotationStep> planned, List<RotationStep> done,
            String abortReason, String snapshot, boolean dryRun) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dryRun", dryRun);
        json.put("controllers", true);
        json.put("planned", planned.stream().map(RotationStep::toString).toList());
        json.put("done", done.stream().map(RotationStep::toString).toList());
        json.put("abortReason", abortReason);
        json.put("snapshot", snapshot);
        return json;
    }
}
