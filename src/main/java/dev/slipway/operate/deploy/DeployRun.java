package dev.slipway.operate.deploy;

import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DeployResult;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.aws.AppCertificates;
import dev.slipway.state.StateStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One deploy as {@code slipway deploy} and {@code slipway up} run it: the cluster's and AWS's changes planned
 * together (shown before the question), then applied in the order that keeps each step valid: the backup job's IAM
 * key, the apps' certificates issued, the components applied and ready one by one, the hostnames' DNS records, and
 * with {@code --prune} the records and certificates no app names any more.
 */
public final class DeployRun {
    /** What one run will change, in the cluster and in AWS. */
    public record Planned(DeployPlan cluster, DeployAwsSteps.Plan aws) {
        public int writes() {
            return cluster.writes() + aws.writes();
        }
    }

    /**
     * @param rendered every component of the environment
     * @param only     the components to apply (all when empty)
     * @param prune    delete what Slipway applied before and no longer renders (objects, records, certificates)
     * @param secrets  fills the Secrets' values from a state store (the planning store while the backup key is due)
     * @param poll     how often to look at a certificate ACM is validating
     */
    public record Inputs(List<DesiredComponent> rendered, List<String> only, boolean prune,
            Function<StateStore, UnaryOperator<List<HasMetadata>>> secrets, StateStore state,
            DeployAwsSteps.LiveServices live, Duration poll) {
        public Inputs {
            rendered = List.copyOf(rendered);
            only = List.copyOf(only);
        }
    }

    private final DeployEngine engine;
    private final DeployAwsSteps aws;
    private final Inputs in;
    private final List<String> awsApplied = new ArrayList<>();

    public DeployRun(DeployEngine engine, DeployAwsSteps aws, Inputs in) {
        this.engine = engine;
        this.aws = aws;
        this.in = in;
    }

    /** Reads only: server-side dry runs in the cluster, reads in IAM, ACM and Route 53. */
    public Planned plan() {
        DeployAwsSteps.Plan awsPlan = aws.plan(in.rendered(), in.only(), in.prune(), in.state(), in.live());
        DeployPlan cluster = engine.plan(in.rendered(), in.only(), resolver(awsPlan, Map.of(),
                DeployAwsSteps.planningState(awsPlan, in.state())));
        return new Planned(cluster, awsPlan);
    }

    /**
     * Applies exactly {@code planned}. A component not ready in time ends the run with the engine's exception;
     * {@link #awsApplied()} then says what AWS already changed.
     */
    public DeployResult apply(Planned planned, DeployListener listener, Consumer<String> progress) {
        DeployAwsSteps.Plan awsPlan = planned.aws();
        // IAM first: the backup job's Secrets hold the key it creates.
        awsApplied.addAll(aws.applyBackupCredentials(awsPlan, in.state()));
        // Certificates before the Services that name them: a load balancer gets its TLS listener issued.
        Map<String, String> arns = aws.applyCertificates(awsPlan, in.poll(), progress);
        for (AppCertificates.Planned c : awsPlan.certificates().wanted()) {
            if (c.outcome() != AppCertificates.Outcome.READY) {
                awsApplied.add((c.outcome() == AppCertificates.Outcome.REQUEST ? "requested" : "validated")
                        + " ACM certificate " + arns.get(c.service()) + " for " + String.join(", ", c.hostnames())
                        + ": issued");
            }
        }
        DeployPlan cluster = planned.cluster();
        if (awsPlan.backupKeyPending() || awsPlan.certificatePending()) {
            DeployPlan again = engine.plan(in.rendered(), in.only(), resolver(awsPlan, arns, in.state()));
            DeployAwsSteps.requireSameWrites(cluster, again);
            cluster = again;
        }
        DeployResult result = engine.apply(cluster, listener);
        // DNS after the components: deploy waited until the LoadBalancer Services have their addresses.
        awsApplied.addAll(aws.applyDns(awsPlan, in.live()));
        if (result.conflicts().isEmpty()) {
            // Last: a Service that moved to a new certificate let go of the old one when it was applied.
            awsApplied.addAll(aws.applyPrune(awsPlan));
        }
        return result;
    }

    /** What this run changed in AWS, a line each (no key material). */
    public List<String> awsApplied() {
        return List.copyOf(awsApplied);
    }

    private UnaryOperator<List<HasMetadata>> resolver(DeployAwsSteps.Plan awsPlan, Map<String, String> arns,
            StateStore secretsFrom) {
        UnaryOperator<List<HasMetadata>> certificates = DeployAwsSteps.withCertificates(awsPlan, arns);
        UnaryOperator<List<HasMetadata>> secrets = in.secrets().apply(secretsFrom);
        return objects -> secrets.apply(certificates.apply(objects));
    }
}
