package dev.slipway.cli;

import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncPlan;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.SecretValues;
import dev.slipway.operate.deploy.DeployAwsSteps;
import dev.slipway.operate.deploy.DeployRun;
import dev.slipway.operate.diff.Drift;
import dev.slipway.operate.diff.DriftReport;
import dev.slipway.operate.diff.KubernetesDrift;
import dev.slipway.operate.diff.ProvisioningDrift;
import dev.slipway.operate.diff.UnownedObjects;
import dev.slipway.operate.diff.VersionDrift;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import dev.slipway.state.DryRunStateStore;
import dev.slipway.state.StateStore;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code slipway diff}: what differs between what the spec renders and what runs. Reads only. */
@Command(name = "diff",
        mixinStandardHelpOptions = true,
        description = {
            "Show what differs between the spec and what runs in the environment: drift made by hand.",
            "kubernetes: every object Slipway renders that is missing, differs or had fields taken by another field"
                    + " manager (deploy's own server-side dry run, so the API server's defaulting and admission are"
                    + " counted), objects Slipway applied and no longer renders, and objects in Slipway's namespaces"
                    + " Slipway did not apply (made by hand; Kubernetes' own are left out).",
            "aws: the records, certificates and the backup job's IAM key deploy keeps (as 'deploy --dry-run' plans"
                    + " them). provisioning: objects under ENV/nodes/ in the infra bucket missing or not as rendered"
                    + " (every key compared, never the upload record alone). versions: the API server, every kubelet"
                    + " and every etcd member against the spec's pins.",
            "Terraform's own drift: 'slipway infra plan --env ENV' (a Terraform plan; its exit code is Terraform's).",
            "Reads only: nothing is written anywhere. Secret values are compared by deploy's means (the spec's"
                    + " secrets come from the same environment variables as for deploy); never printed.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway diff --env acc",
            "  slipway diff --env prod --only kubernetes,versions -o json",
            "",
            "Exit codes: 0 nothing drifted; 2 something drifted (as 'terraform plan -detailed-exitcode'), or bad",
            "input (then nothing was compared: the message, or -o json's 'error', says which); 1 a failure.",
        })
public final class DiffCommand implements Callable<Integer> {
    static final List<String> AREAS = List.of(KubernetesDrift.AREA, "aws", ProvisioningDrift.AREA,
            VersionDrift.AREA);

    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    OutputOption output;
    @Mixin
    KubeconfigOption kubeconfig;
    @Mixin
    ComponentSource source;
    @Spec
    CommandSpec spec;

    @Option(names = "--only", paramLabel = "AREA", split = ",",
            description = "Compare only these areas: kubernetes, aws, provisioning, versions (default: all).")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Set<String> areas = areas();
        Workspace ws;
        try {
            ws = specOption.load();
        } catch (dev.slipway.spec.SpecException e) {
            return output.specProblems(spec, envOption.name(), e);
        }
        Environment env = ws.environment(envOption.name());
        PrintWriter err = spec.commandLine().getErr();
        List<Drift> drift = new ArrayList<>();
        if (areas.contains(KubernetesDrift.AREA) || areas.contains("aws") || areas.contains(VersionDrift.AREA)) {
            drift.addAll(cluster(ws, env, areas, err));
        }
        if (areas.contains(ProvisioningDrift.AREA)) {
            drift.addAll(provisioning(ws, env, err));
        }
        DriftReport report = new DriftReport(List.copyOf(areas), drift);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.printJson(out, spec, env.name(), report.json(), List.of());
        } else {
            print(out, env.name(), report);
        }
        return report.drifted() ? ExitCodes.BAD_INPUT : ExitCodes.OK;
    }

    private Set<String> areas() {
        Set<String> areas = new LinkedHashSet<>();
        for (String a : only) {
            if (!AREAS.contains(a)) {
                throw new InvalidInputException("--only " + a + ": not an area; one of " + String.join(", ", AREAS));
            }
        }
        for (String a : AREAS) {
            if (only.isEmpty() || only.contains(a)) {
                areas.add(a);
            }
        }
        return areas;
    }

    /** The cluster's areas, through one guarded client: deploy's plan (with prune off), its AWS part, versions. */
    private List<Drift> cluster(Workspace ws, Environment env, Set<String> areas, PrintWriter err) {
        List<Drift> out = new ArrayList<>();
        boolean planning = areas.contains(KubernetesDrift.AREA) || areas.contains("aws");
        List<DesiredComponent> rendered = planning ? source.load(ws, env, false, err, true) : List.of();
        // The planning store: reads see the real state store, whatever planning generates stays in memory.
        StateStore state = new DryRunStateStore(ws.stateStore(env.name(), true));
        try (KubernetesClient client = kubeconfig.connect(ws, env)) {
            if (planning) {
                DeployEngine.Options options = DeployEngine.Options.defaults().withPrune(false);
                boolean aws = areas.contains("aws");
                try (DeployEngine engine = new DeployEngine(client, options);
                     DeployAwsSteps steps = new DeployAwsSteps(env,
                             () -> new AwsClients(AwsSettings.resolve(env)))) {
                    DeployAwsSteps.LiveServices live = (namespace, name) -> Optional.ofNullable(
                            client.services().inNamespace(namespace).withName(name).get());
                    DeployRun run = new DeployRun(engine, steps, new DeployRun.Inputs(rendered, List.of(), false,
                            store -> new SecretValues(SlipwayCommand.environment(spec.commandLine()), store,
                                    o -> true), state, live, DeployCommand.certificatePoll()));
                    // The AWS reads happen for the cluster's sake too: a Service names its certificate's ARN.
                    DeployRun.Planned planned = run.plan();
                    if (areas.contains(KubernetesDrift.AREA)) {
                        out.addAll(KubernetesDrift.of(planned.cluster()));
                        out.addAll(new UnownedObjects(client).find(planned.cluster()));
                    }
                    if (aws) {
                        for (String line : planned.aws().lines(false)) {
                            String text = line.strip();
                            out.add(new Drift("aws", text.replaceFirst("^[-+~] ", ""), text.startsWith("left ")
                                    ? "leftover" : "changed", "'slipway deploy --env " + env.name() + "'"
                                    + (text.startsWith("left ") ? " --prune" : "") + " puts it back"));
                        }
                    }
                }
            }
            if (areas.contains(VersionDrift.AREA)) {
                out.addAll(VersionDrift.of(env.name(), env.kubernetes().version(), Versions.bundled().etcdImage(),
                        client.getKubernetesVersion().getGitVersion(), client.nodes().list().getItems(),
                        client.pods().inNamespace("kube-system").withLabel("component", "etcd").list().getItems()));
            }
        }
        return out;
    }

    /** The provisioning prefix against the render, every key compared (the upload record is not trusted here). */
    private List<Drift> provisioning(Workspace ws, Environment env, PrintWriter err) {
        Path scratch = null;
        try {
            Path root = SyncSource.prepare(ws, env, true, err);
            if (!root.equals(ws.buildDirectory(env.name()))) {
                scratch = root;
            }
            try (S3Client s3 = S3Clients.create(AwsSettings.resolve(env), 16)) {
                SyncPlan plan = new S3Sync(s3, 16).plan(root.resolve(SyncCommand.PROVISIONING), env.infraBucket(),
                        env.provisioningPrefix(), false, true);
                return ProvisioningDrift.of(env.name(), plan);
            }
        } finally {
            SyncSource.remove(scratch);
        }
    }

    private static void print(PrintWriter out, String env, DriftReport report) {
        for (String area : report.looked()) {
            List<Drift> found = report.in(area);
            out.printf("%s: %s%n", area, found.isEmpty() ? "no drift" : found.size() + " difference"
                    + (found.size() == 1 ? "" : "s"));
            for (Drift d : found) {
                out.printf("  %-8s %s%n           %s%n", d.kind(), d.subject(), d.detail());
            }
        }
        out.println(report.drifted() ? env + " drifted from the spec." : env + " runs as the spec says.");
    }
}
