package dev.slipway.cli;

import dev.slipway.apply.aws.TaggedResource;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.down.DataLoss;
import dev.slipway.operate.down.Down;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.spec.InvalidInputException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
                    + " steps are skipped. A protected environment is refused: its app and log buckets have"
                    + " prevent_destroy and its API load balancer deletion protection (the message says what to do).",
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
public final class DownCommand extends ProcedureCommand {
    @Mixin
    KubeconfigOption kubeconfig;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long to wait for the cloud controller to delete its load balancers (default:"
                    + " ${DEFAULT-VALUE}).")
    long waitTimeout;

    @Option(names = "--delete-orphans", description = "After the timeout, delete the load balancers, target groups"
            + " and security groups still tagged for the cluster (never volumes), then go on.")
    boolean deleteOrphans;

    @Override
    String intent() {
        return "take it down (the data above as stated)";
    }

    @Override
    Session open(Workspace ws, Environment env, TerraformWorkspace terraform, PrintWriter err, boolean quiet) {
        StateStoreLine.mayCreateCa(env, confirm);
        String refusal = DataLoss.protectedRefusal(env, "'" + Hints.command(ws, "down --env " + env.name()) + "'");
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
        if (waitTimeout < 0) {
            throw new InvalidInputException("--wait-timeout " + waitTimeout + ": must be 0 or more seconds");
        }
        KubernetesClient[] client = new KubernetesClient[1];
        Supplier<KubernetesClient> connect = () -> {
            if (client[0] == null) {
                client[0] = kubeconfig.connect(ws, env);
            }
            return client[0];
        };
        Down down = new Down(env, new Down.Inputs(connect, terraform, Duration.ofSeconds(waitTimeout),
                Duration.ofSeconds(2), deleteOrphans, line -> {
                    if (!quiet) {
                        err.println("down: " + line);
                        err.flush();
                    }
                }));
        Session session = new Session() {
            List<TaggedResource> tagged;
            List<String> data;

            @Override
            public Procedure procedure() {
                return down.procedure();
            }

            @Override
            public void describe(PrintWriter out) {
                read();
                out.println("Tagged for the cluster in AWS now (not Terraform's): " + (tagged.isEmpty() ? "none"
                        : tagged.size()));
                tagged.forEach(r -> out.println("  " + r.describe()));
                out.println("Data:");
                data.forEach(d -> out.println("  " + d));
            }

            @Override
            public Map<String, Object> json() {
                read();
                return DownCommand.json(down.tagged(), data);
            }

            private void read() {
                if (data == null) {
                    tagged = down.tagged();
                    data = down.dataLoss();
                }
            }

            @Override
            public void close() {
                down.close();
                if (client[0] != null) {
                    client[0].close();
                }
            }
        };
        List<String> guarded = down.deletionProtected();
        if (!guarded.isEmpty()) {
            session.close();
            throw new InvalidInputException("load balancer " + String.join(", ", guarded) + " of " + env.name()
                    + " still has deletion protection (the spec no longer protects it, but Terraform has not"
                    + " applied that yet): run '" + Hints.command(ws, "infra apply --env " + env.name())
                    + "' first; nothing was changed");
        }
        return session;
    }

    private static Map<String, Object> json(List<TaggedResource> tagged, List<String> data) {
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
