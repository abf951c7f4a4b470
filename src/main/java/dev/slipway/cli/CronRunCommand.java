package dev.slipway.cli;

import dev.slipway.apply.KubernetesClients;
import dev.slipway.apply.kubernetes.CronRun;
import dev.slipway.plan.Workspace;
import dev.slipway.render.k8s.workloads.WorkloadNamespaces;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway cron run NAME --env ENV}: start one run of a CronJob now and follow it to the end. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Start one run of a CronJob now and follow it until it completes or fails.",
            "The run is a Job owned by the CronJob and annotated as started by hand, as 'kubectl create job"
                    + " --from=cronjob/NAME' makes it. Exit 0 when it succeeded, 1 when it failed or timed out.",
            "Looks in namespaces apps (the spec's cronJobs) and mongo (mongo-backup). Talks to the cluster only"
                    + " after checking it is this environment's.",
        },
        footer = {
            "",
            "Examples:",
            "  slipway cron run nightly-report --env acc",
            "  slipway cron run mongo-backup --env prod --confirm prod --yes",
            "  slipway cron run nightly-report --env acc --dry-run",
        })
public final class CronRunCommand implements Callable<Integer> {
    @Mixin
    SpecOption specOption;
    @Mixin
    EnvOption envOption;
    @Mixin
    DryRunOption dryRun;
    @Mixin
    YesOption yes;
    @Mixin
    ConfirmOption confirm;
    @Parameters(index = "0", paramLabel = "NAME", description = "The CronJob, e.g. nightly-report or mongo-backup.")
    String name;
    @Mixin
    KubeconfigOption kubeconfig;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long to follow the run (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;
    @Spec
    CommandSpec spec;
    ChangeApproval approval = ChangeApproval.onConsole();

    @Override
    public Integer call() throws Exception {
        Workspace ws = specOption.load();
        Environment env = ws.environment(envOption.name());
        Config config = kubeconfig.config(ws, env);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (KubernetesClient client = KubernetesClients.forEnvironment(ws, env).connect(config)) {
            CronRun run = new CronRun(client);
            CronJob cron = run.find(List.of(WorkloadNamespaces.APPS, WorkloadNamespaces.MONGO), name);
            String ns = cron.getMetadata().getNamespace();
            String action = "create a Job from CronJob " + ns + "/" + name;
            out.println("plan: " + action);
            if (dryRun.enabled()) {
                out.println("dry run: nothing was created");
                return ExitCodes.OK;
            }
            if (!approval.approve(env, action, yes, confirm)) {
                err.println("nothing was changed");
                return 1;
            }
            Job job = run.start(cron, Long.toString(Instant.now().getEpochSecond(), 36));
            out.println("created job " + ns + "/" + job.getMetadata().getName());
            out.flush();
            CronRun.Outcome outcome = run.follow(job, Duration.ofSeconds(timeoutSeconds), s -> {
                err.println(s);
                err.flush();
            });
            if (outcome.succeeded()) {
                out.println("job " + ns + "/" + outcome.job() + " succeeded");
                return ExitCodes.OK;
            }
            err.println("job " + ns + "/" + outcome.job() + " did not succeed: " + outcome.reason()
                    + " (logs: kubectl -n " + ns + " logs job/" + outcome.job() + ")");
            return 1;
        }
    }
}
