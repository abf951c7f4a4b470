package dev.slipway.cli;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.kubernetes.SecretValues;
import dev.slipway.apply.kubernetes.ComponentNotReadyException;
import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DeployResult;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.operate.deploy.DeployAwsSteps;
import dev.slipway.operate.deploy.DeployRun;
import dev.slipway.plan.Workspace;
import dev.slipway.render.k8s.CommonLabels;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.DryRunStateStore;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway deploy}: apply {@code build/ENV/k8s/} to the environment's cluster, in order, and wait. */
@Command(name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the environment's rendered Kubernetes objects to its cluster.",
            "The objects are build/ENV/k8s/, rendered again first when the spec changed. Deploy plans with a"
                    + " server-side dry run and prints the changes (created / changed with the changed fields /"
                    + " unchanged / pruned; Secrets as keys and a hash, never values), asks, then applies with"
                    + " server-side apply (field manager 'slipway') component by component in deploy order: CRDs and"
                    + " Namespaces, RBAC and configuration, workloads, Services. It waits until each component is"
                    + " ready (rollouts complete, Jobs done, volumes bound, load balancers addressed) before the next.",
            "Only through the environment's own cluster (its CA is checked before any request).",
            "In AWS, when the spec needs it and only after the same question: the MongoDB backup job's IAM user"
                    + " (its policy reaches only ENV/backups/mongo/ in the infra bucket; its access key goes into the"
                    + " state store, from where the job's Secrets are filled), created before the components; and"
                    + " for each hostname of a LoadBalancer app a CNAME to its load balancer (with a TXT owner marker)"
                    + " in the platform's Route 53 zone, once the load balancers have addresses. Before that, an ACM"
                    + " certificate per such app for its hostnames, validated through DNS records in the same zone and"
                    + " issued before its Service (TLS on port 443 of the load balancer) is applied. With --prune,"
                    + " last: the records and certificates of hostnames no app names any more. A spec without"
                    + " backups and hostnames, deployed without --prune, makes no AWS call.",
            "Ownership follows Kubernetes' ApplySet convention (parent Secret kube-system/slipway-applyset): --prune"
                    + " deletes objects Slipway applied before and no longer renders, and nothing else.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway deploy --env acc --dry-run",
            "  slipway deploy --env acc",
            "  slipway deploy --env acc --only coredns --only metrics-server",
            "  slipway deploy --env prod --prune --confirm prod",
            "",
            "Exit codes: 0 deployed and ready; 1 a component not ready in time, a field conflict, a refused",
            "object, or the question answered no; 2 bad input (nothing changed).",
        })
public final class DeployCommand implements Callable<Integer> {
    /** How often deploy looks at a certificate ACM is validating (tests shorten it: slipway.deploy.certificatePoll). */
    static java.time.Duration certificatePoll() {
        return java.time.Duration.parse(System.getProperty("slipway.deploy.certificatePoll", "PT5S"));
    }

    /**
     * What fills in Secret values at apply time: the spec's secrets from this process's environment variables, the
     * values Slipway generated from the state store (a dry run generates nothing into it), and the hash of the values
     * each workload uses on its Pod template.
     */
    UnaryOperator<List<HasMetadata>> resolver(StateStore state) {
        // Only the Secrets of the components this run applies must have every value (deploy --only mongo works
        // before another component's values exist).
        return new SecretValues(SlipwayCommand.environment(spec.commandLine()), state, o -> only.isEmpty()
                || o.getMetadata().getLabels() != null
                && only.contains(o.getMetadata().getLabels().get(CommonLabels.COMPONENT)));
    }

    /** The environment's state store; a dry run's writes (generated values) stay in memory. */
    StateStore state(Workspace ws, Environment env) {
        StateStore store = ws.stateStore(env.name(), dryRun.enabled());
        return dryRun.enabled() ? new DryRunStateStore(store) : store;
    }

    /** The AWS part of the plan, after the cluster's (nothing when the deploy needs nothing from AWS). */
    private void printAws(PrintWriter out, String env, DeployAwsSteps.Plan awsPlan, boolean verbose) {
        if (!awsPlan.touchesAws()) {
            return;
        }
        List<String> lines = awsPlan.lines(verbose);
        out.printf("AWS for %s (IAM for the Mongo backup job, ACM and Route 53 for the apps' hostnames): %d to"
                + " change%n",
                env, awsPlan.writes());
        lines.forEach(l -> out.println("    " + l));
        if (awsPlan.writes() == 0) {
            out.println("  no changes in AWS");
        } else if (dryRun.enabled()) {
            out.println("  dry run: nothing was changed in AWS");
        }
    }

    private static Map<String, Object> withAws(Map<String, Object> json, DeployAwsSteps.Plan awsPlan,
            List<String> applied) {
        if (awsPlan.touchesAws()) {
            Map<String, Object> aws = new java.util.LinkedHashMap<>();
            aws.put("planned", awsPlan.lines(true));
            aws.put("applied", applied);
            json.put("aws", aws);
        }
        return json;
    }

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

    @Option(names = "--only", paramLabel = "COMPONENT", split = ",",
            description = "Deploy only these components (repeat, or comma-separated).")
    List<String> only = new ArrayList<>();

    @Option(names = "--prune", description = "Delete objects Slipway applied before and no longer renders.")
    boolean prune;

    @Option(names = "--force-conflicts", description = "Take over fields another field manager set (server-side"
            + " apply's force).")
    boolean forceConflicts;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "8",
            description = "API requests in flight at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    ComponentSource source;

    ChangeApproval approval = ChangeApproval.onConsole();

    @Override
    public Integer call() throws Exception {
        if (parallel < 1 || parallel > 128) {
            throw new InvalidInputException("--parallel " + parallel + ": must be between 1 and 128");
        }
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (dev.slipway.spec.SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean quiet = Verbosity.of(spec.commandLine()).quiet();
        ComponentSource.Unparsed unparsed = source.unparsed(ws, env, !dryRun.enabled(), err, quiet);
        DeployEngine.Options options = new DeployEngine.Options(prune, forceConflicts, parallel,
                DeployEngine.Options.defaults().pollInterval());
        boolean verbose = Verbosity.of(spec.commandLine()).verbose();
        StateStore state = state(ws, env);
        try (KubernetesClient client = kubeconfig.connect(ws, env);
             DeployEngine engine = new DeployEngine(client, options);
             DeployAwsSteps aws = new DeployAwsSteps(env,
                     () -> new AwsClients(AwsSettings.resolve(env)))) {
            // Only the components the applied record does not vouch for are parsed (see README, "What a no-op
            // deploy trusts").
            List<DesiredComponent> rendered = new ArrayList<>(unparsed.first());
            rendered.addAll(engine.components(unparsed.manifests()));
            DeployAwsSteps.LiveServices live = (namespace, name) -> Optional.ofNullable(
                    client.services().inNamespace(namespace).withName(name).get());
            DeployRun run = new DeployRun(engine, aws, new DeployRun.Inputs(rendered, only, prune, this::resolver,
                    state, live, certificatePoll()));
            DeployRun.Planned planned = run.plan();
            DeployPlan plan = planned.cluster();
            DeployAwsSteps.Plan awsPlan = planned.aws();
            DeployPlanPrinter printer = new DeployPlanPrinter(env.name(), dryRun.enabled());
            if (output.json()) {
                if (dryRun.enabled()) {
                    OutputOption.printJson(out, spec, env.name(), withAws(printer.json(plan, null), awsPlan,
                            List.of()), java.util.List.of());
                    return ExitCodes.OK;
                }
            } else {
                printer.print(out, plan, verbose);
                printAws(out, env.name(), awsPlan, verbose);
                out.flush();
            }
            if (dryRun.enabled()) {
                return ExitCodes.OK;
            }
            int writes = planned.writes();
            if (writes > 0 && !approval.approve(env, "apply these " + writes + " changes", yes, confirm)) {
                err.println("nothing was changed");
                return ExitCodes.FAILURE;
            }
            DeployResult result;
            try {
                result = run.apply(planned, DeployProgress.create(err, quiet), line -> {
                    if (!quiet) {
                        err.println(line);
                    }
                });
            } catch (ComponentNotReadyException e) {
                err.println("error: " + e.getMessage());
                if (output.json()) {
                    Map<String, Object> failed = withAws(printer.json(plan, null), awsPlan, run.awsApplied());
                    failed.put("notReady", e.component());
                    OutputOption.printJson(out, spec, env.name(), failed, java.util.List.of());
                }
                return ExitCodes.FAILURE;
            }
            List<String> awsApplied = run.awsApplied();
            if (output.json()) {
                OutputOption.printJson(out, spec, env.name(), withAws(printer.json(plan, result), awsPlan,
                        awsApplied), java.util.List.of());
            } else {
                printer.printResult(out, result);
                if (awsPlan.touchesAws()) {
                    out.printf("AWS for %s: %d changed%n", env.name(), awsApplied.size());
                    awsApplied.forEach(l -> out.println("    " + l));
                }
            }
            for (ObjectChange c : result.conflicts()) {
                err.println("error: " + c.ref() + " (component " + c.component() + ") was not applied: " + c.detail()
                        + ". Change the spec to agree, or take the fields over with --force-conflicts.");
            }
            return result.conflicts().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
