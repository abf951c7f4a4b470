package dev.slipway.operate.up;

import dev.slipway.apply.KubernetesClients;
import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncListener;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.CallerIdentity;
import dev.slipway.apply.aws.InfraBucket;
import dev.slipway.apply.aws.InfraBucketSettings;
import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.SecretValues;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.TerraformPlanStep;
import dev.slipway.operate.deploy.DeployAwsSteps;
import dev.slipway.operate.deploy.DeployRun;
import dev.slipway.pki.EnvironmentPki;
import dev.slipway.pki.KubeconfigEntry;
import dev.slipway.pki.KubeconfigFile;
import dev.slipway.pki.PkiEntry;
import dev.slipway.plan.Workspace;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.state.S3Clients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code slipway up}: from nothing to a running platform, as six resumable steps: state and PKI, {@code infra init},
 * {@code sync}, {@code infra apply}, the API server ready through its load balancer, {@code deploy}. Each step is
 * the same code its own command runs; this class only puts them in order and owns the clients they share.
 */
public final class Up implements AutoCloseable {
    /**
     * What {@code up} needs from the command line.
     *
     * @param mayCreateCa   whether a protected environment's first CA may be made ({@code --confirm ENV})
     * @param terraform     the environment's Terraform folder
     * @param environment   the process environment (the spec's secret values come from it)
     * @param components    the Kubernetes components to deploy, asked for only when the deploy step runs (after the
     *                      render)
     * @param syncListener  progress of the upload
     * @param deployListener progress of the deploy
     * @param apiTimeout    how long to wait for the API server
     * @param awsProgress   the deploy's waits in AWS (a certificate being validated)
     */
    public record Inputs(boolean mayCreateCa, TerraformWorkspace terraform, Map<String, String> environment,
            Supplier<List<DesiredComponent>> components, SyncListener syncListener, DeployListener deployListener,
            Duration apiTimeout, Consumer<String> awsProgress) {
    }

    private final Workspace ws;
    private final Environment env;
    private final Inputs in;
    private final S3Client s3;
    private KubernetesClient client;
    private DeployEngine engine;
    private DeployAwsSteps aws;
    private DeployRun deployRun;

    public Up(Workspace ws, Environment env, Inputs in) {
        this.ws = ws;
        this.env = env;
        this.in = in;
        this.s3 = S3Clients.create(AwsSettings.resolve(env), 16);
    }

    public Procedure procedure() {
        AwsSettings aws = AwsSettings.resolve(env);
        return new Procedure("up", List.of(
                new StateStep(ws, env, in.mayCreateCa()),
                new InfraInitStep(new InfraBucket(s3, env.infraBucket(), aws.region(), bucketSettings(aws)),
                        env.infraBucket(), in.terraform()),
                // Upload before Terraform launches anything: a node's first boot fetches its config and secrets
                // from S3, and Ignition does not retry a 403, so a node that boots first stays broken (EC2 still
                // calls it healthy, and controllers ignore later user_data changes). The upload needs only the
                // bucket and the rendered build/ENV/provisioning/, none of Terraform's outputs.
                new SyncStep(new S3Sync(s3, 16, dev.slipway.apply.BootstrapTokenUploads.of(ws, env, false)), ws.buildDirectory(env.name()).resolve("provisioning"),
                        env.infraBucket(), env.provisioningPrefix(), in.syncListener()),
                new TerraformPlanStep("infra apply", "terraform plan, then apply exactly that plan", in.terraform()),
                new ApiServerStep(in.terraform(), this::connect, in.apiTimeout(), Duration.ofSeconds(2)),
                new DeployStep(this::deployRun, in.deployListener(), in.awsProgress())));
    }

    /** The bucket's policy and lifecycle for the whole platform, node roles in the caller's account. */
    private InfraBucketSettings bucketSettings(AwsSettings aws) {
        try (AwsClients clients = new AwsClients(aws)) {
            return InfraBucketSettings.of(ws.platform(), env, CallerIdentity.of(clients.sts()), aws.region(),
                    aws.s3Endpoint().map(u -> !"http".equals(u.getScheme())).orElse(true));
        }
    }

    /**
     * A guarded client for the API server at {@code url}, with the admin credentials from the state store: the
     * kubeconfig {@code slipway kubeconfig} would write, for the URL Terraform reports.
     */
    private KubernetesClient connect(String url) {
        EnvironmentPki pki = EnvironmentPki.withSystemClock(ws.stateStore(env.name()));
        Config config = Config.fromKubeconfig(KubeconfigFile.render(KubeconfigEntry.of(env.clusterName(), url,
                pki.load(), PkiEntry.ADMIN)));
        config.setRequestRetryBackoffLimit(0);
        config.setRequestTimeout(30_000);
        return KubernetesClients.forEnvironment(ws, env).connect(config);
    }

    private synchronized DeployRun deployRun() {
        if (deployRun == null) {
            String url = in.terraform().output(ApiServerStep.URL_OUTPUT).orElseThrow();
            client = connect(url);
            engine = new DeployEngine(client, DeployEngine.Options.defaults());
            aws = new DeployAwsSteps(env, () -> new AwsClients(AwsSettings.resolve(env)));
            KubernetesClient live = client;
            deployRun = new DeployRun(engine, aws, new DeployRun.Inputs(in.components().get(), List.of(), false,
                    state -> new SecretValues(in.environment(), state), ws.stateStore(env.name(), false),
                    (namespace, name) -> Optional.ofNullable(live.services().inNamespace(namespace).withName(name)
                            .get()), Duration.ofSeconds(5)));
        }
        return deployRun;
    }

    @Override
    public void close() {
        if (aws != null) {
            aws.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (client != null) {
            client.close();
        }
        s3.close();
    }
}
