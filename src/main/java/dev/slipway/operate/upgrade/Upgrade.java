package dev.slipway.operate.upgrade;

import dev.slipway.apply.S3Sync;
import dev.slipway.apply.SyncListener;
import dev.slipway.apply.aws.AwsClients;
import dev.slipway.apply.aws.WorkerGroups;
import dev.slipway.apply.etcd.EtcdAccess;
import dev.slipway.apply.etcd.EtcdSnapshotArchive;
import dev.slipway.apply.kubernetes.ClusterSnapshot;
import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.SecretValues;
import dev.slipway.apply.nodes.ClusterNodes;
import dev.slipway.apply.nodes.NodeDrain;
import dev.slipway.apply.terraform.TerraformWorkspace;
import dev.slipway.operate.Procedure;
import dev.slipway.operate.TerraformPlanStep;
import dev.slipway.operate.deploy.DeployAwsSteps;
import dev.slipway.operate.deploy.DeployRun;
import dev.slipway.operate.rotate.ControllerRotation;
import dev.slipway.operate.rotate.ControllerSlot;
import dev.slipway.operate.rotate.RotationListener;
import dev.slipway.operate.rotate.RotationOptions;
import dev.slipway.operate.rotate.RotationProgress;
import dev.slipway.operate.rotate.TerraformControllerReplacement;
import dev.slipway.operate.rotate.WorkerRotation;
import dev.slipway.operate.up.DeployStep;
import dev.slipway.operate.up.StateStep;
import dev.slipway.operate.up.SyncStep;
import dev.slipway.plan.Workspace;
import dev.slipway.render.terraform.ControllerReplacementScope;
import dev.slipway.spec.Environment;
import dev.slipway.state.AwsSettings;
import dev.slipway.versions.Versions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code slipway upgrade}: the environment moved to the spec's Kubernetes version, one minor at a time, as nine
 * resumable steps: an etcd snapshot; render (state and PKI), {@code sync}, {@code infra apply}; the controllers one
 * at a time ({@code rotate --controllers}); the add-ons that move with the control plane; every worker pool
 * ({@code rotate}); the rest of {@code deploy}; postflight. Each step is the code of the command it names; this class
 * puts them in order and owns the clients they share. The preflight ({@link Preflight}) runs before, in the command.
 */
public final class Upgrade implements AutoCloseable {
    /**
     * What the upgrade needs from the command line.
     *
     * @param target         the release to upgrade to (the spec's)
     * @param client         the environment's guarded client
     * @param etcd           the controllers' etcd members
     * @param s3             for the snapshot and the sync
     * @param terraform      the environment's Terraform folder
     * @param environment    the process environment (the spec's secret values)
     * @param components     the rendered components, asked for when a deploy step runs (after the render)
     * @param syncListener   progress of the upload
     * @param deployListener progress of the deploys
     * @param rotation       progress of the worker rotation
     * @param rotationOptions the worker rotation's settings
     * @param progress       lines to show while long steps run
     * @param dryRun         whether this is a dry run (the state store is then read without touching its cache)
     */
    public record Inputs(KubernetesRelease target, KubernetesClient client, Supplier<EtcdAccess> etcd, S3Client s3,
            TerraformWorkspace terraform, Map<String, String> environment,
            Supplier<List<DesiredComponent>> components, SyncListener syncListener, DeployListener deployListener,
            RotationListener rotation, RotationOptions rotationOptions, Consumer<String> progress, boolean dryRun) {
    }

    private final Workspace ws;
    private final Environment env;
    private final Inputs in;
    private AwsClients aws;
    private DeployEngine engine;
    private DeployAwsSteps deployAws;
    private ControllerRotation controllers;

    public Upgrade(Workspace ws, Environment env, Inputs in) {
        this.ws = ws;
        this.env = env;
        this.in = in;
    }

    public Procedure procedure() {
        EtcdSnapshotArchive archive = EtcdSnapshotArchive.of(in.s3(), env);
        String only = String.join(", ", ControlPlaneAddons.COMPONENTS);
        return new Procedure("upgrade", List.of(
                new EtcdSnapshotStep(new UpgradeProgress(ws.stateStore(env.name(), in.dryRun()), in.target()), () -> archive,
                        archive.location(), in.etcd(), ControllerSlot.of(env), in.target()),
                new StateStep(ws, env, false),
                // Before Terraform: a controller replaced by the rotation boots from what S3 holds then.
                new SyncStep(new S3Sync(in.s3(), 16), ws.buildDirectory(env.name()).resolve("provisioning"),
                        env.infraBucket(), env.provisioningPrefix(), in.syncListener()),
                new TerraformPlanStep("infra apply", "terraform plan, then apply exactly that plan (new launch"
                        + " templates; running instances keep theirs until rotated)", in.terraform()),
                new ControllersStep(this::controllers, in.progress()),
                new DeployStep("add-ons", "deploy " + only + ": the add-ons that move with the control plane",
                        () -> deployRun(ControlPlaneAddons.COMPONENTS), in.deployListener(), in.progress()),
                new WorkersStep(env, this::workers, in.rotation()),
                new DeployStep("deploy", "the rest of deploy: every other rendered component applied and ready",
                        () -> deployRun(List.of()), in.deployListener(), in.progress()),
                new PostflightStep(env.name(), in.target().toString(), () -> ClusterSnapshot.read(in.client()))));
    }

    private synchronized ControllerRotation controllers() {
        if (controllers == null) {
            Path pointer = ws.buildDirectory(env.name()).resolve("ignition").resolve("controller.pointer.ign");
            controllers = new ControllerRotation(ControllerSlot.of(env), in.etcd().get(),
                    new TerraformControllerReplacement(in.terraform(), ControllerReplacementScope.of(env,
                            Versions.bundled())),
                    RotationProgress.load(ws.stateStore(env.name()), RotationProgress.generationOf(pointer)),
                    EtcdSnapshotArchive.of(in.s3(), env), ControllerRotation.Settings.DEFAULT);
        }
        return controllers;
    }

    private synchronized AwsClients aws() {
        if (aws == null) {
            aws = new AwsClients(AwsSettings.resolve(env));
        }
        return aws;
    }

    private WorkerRotation workers() {
        RotationOptions o = in.rotationOptions();
        return new WorkerRotation(new WorkerGroups(aws().autoScaling(), aws().ec2()), new ClusterNodes(in.client()),
                new NodeDrain(in.client(), o.pollInterval()), o);
    }

    /** A deploy of {@code only} (every component when empty), planned when its step is checked. */
    private synchronized DeployRun deployRun(List<String> only) {
        if (engine == null) {
            engine = new DeployEngine(in.client(), DeployEngine.Options.defaults());
            deployAws = new DeployAwsSteps(env, this::aws);
        }
        KubernetesClient live = in.client();
        return new DeployRun(engine, deployAws, new DeployRun.Inputs(in.components().get(), only, false,
                state -> new SecretValues(in.environment(), state), ws.stateStore(env.name(), false),
                (namespace, name) -> Optional.ofNullable(live.services().inNamespace(namespace).withName(name).get()),
                Duration.ofSeconds(5)));
    }

    @Override
    public void close() {
        if (controllers != null) {
            controllers.close();
        }
        if (deployAws != null) {
            deployAws.close();
        }
        if (engine != null) {
            engine.close();
        }
        // aws is closed by deployAws when it made it; otherwise here
        if (aws != null && deployAws == null) {
            aws.close();
        }
    }
}
