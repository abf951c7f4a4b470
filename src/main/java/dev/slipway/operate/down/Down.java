package dev.slipway.operate.down;

import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.ClusterTaggedResources;
import dev.slipway.apply.aws.TaggedResource;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.TerraformPlanStep;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code slipway down}: the cluster's own AWS resources first, then Terraform's. Five resumable steps: delete the
 * LoadBalancer Services, delete the PersistentVolumeClaims, wait until no load balancer, target group or security
 * group tagged for the cluster remains (orphans reported, or deleted with {@code --delete-orphans}), delete the apps'
 * DNS records and certificates {@code deploy} made, then {@code infra destroy}. Terraform never runs while the scan still finds something.
 */
public final class Down implements AutoCloseable {
    /**
     * What {@code down} needs from the command line.
     *
     * @param client        the identity-guarded client of the environment's cluster, made on first use
     * @param terraform     the environment's Terraform folder
     * @param waitTimeout   how long to wait for the cloud controller to delete its load balancers
     * @param pollInterval  how often to scan meanwhile
     * @param deleteOrphans delete what is still tagged after the timeout
     * @param progress      told while waiting
     */
    public record Inputs(Supplier<KubernetesClient> client, TerraformWorkspace terraform, Duration waitTimeout,
            Duration pollInterval, boolean deleteOrphans, Consumer<String> progress) {
    }

    private final Environment env;
    private final Inputs in;
    private final AwsClients aws;
    private final ClusterTaggedResources scan;

    public Down(Environment env, Inputs in) {
        this.env = env;
        this.in = in;
        this.aws = new AwsClients(AwsSettings.resolve(env));
        this.scan = new ClusterTaggedResources(aws, env);
    }

    public Procedure procedure() {
        return new Procedure("down", List.of(
                new LoadBalancerServicesStep(in.client()),
                new VolumeClaimsStep(in.client()),
                new CloudClearedStep(scan, in.waitTimeout(), in.pollInterval(), in.deleteOrphans(), in.progress()),
                new AppHostnamesStep(aws, env),
                new TerraformPlanStep("infra destroy", "terraform plan -destroy, then apply exactly that plan",
                        in.terraform(), "-destroy")));
    }

    /** The data statement shown before asking ({@link DataLoss}), from the live claims and the tag scan. */
    public List<String> dataLoss() {
        return DataLoss.statement(env, VolumeClaimsStep.live(in.client().get()), scan.scan());
    }

    /** What the scan finds now (for the plan and the JSON result). */
    public List<TaggedResource> tagged() {
        return scan.scan();
    }

    /** Terraform's load balancers of this cluster with deletion protection still on (see {@link DataLoss}). */
    public List<String> deletionProtected() {
        return scan.deletionProtectedTerraformLoadBalancers();
    }

    @Override
    public void close() {
        aws.close();
    }
}
