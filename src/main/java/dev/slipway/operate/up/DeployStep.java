package dev.slipway.operate.up;

import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.DeployResult;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.operate.Step;
import dev.slipway.operate.deploy.DeployRun;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code deploy}: the rendered components applied and waited for, with what they need from AWS (the backup job's
 * key, the apps' certificates and DNS records), by the same {@link DeployRun} as {@code slipway deploy}. Done when
 * its plan writes nothing, in the cluster or in AWS.
 */
public final class DeployStep implements Step {
    private final Supplier<DeployRun> run;
    private final DeployListener listener;
    private final Consumer<String> progress;
    private final String name;
    private final String intent;
    private DeployRun.Planned planned;

    DeployStep(Supplier<DeployRun> run, DeployListener listener, Consumer<String> progress) {
        this("deploy", "apply the rendered Kubernetes objects and wait until each component is ready; the apps'"
                + " certificates and DNS records in AWS", run, listener, progress);
    }

    /** A deploy under another name, e.g. of some components only ({@code upgrade}'s control-plane add-ons). */
    public DeployStep(String name, String intent, Supplier<DeployRun> run, DeployListener listener,
            Consumer<String> progress) {
        this.name = name;
        this.intent = intent;
        this.run = run;
        this.listener = listener;
        this.progress = progress;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String intent() {
        return intent;
    }

    @Override
    public Check check() {
        if (planned == null) {
            // made once: what was shown before asking is what is applied
            planned = run.get().plan();
        }
        return planned.writes() == 0 ? Check.done(planned.cluster().changes().size() + " objects unchanged")
                : Check.toDo(planned.cluster().writes() + " objects to write" + (planned.aws().writes() == 0 ? ""
                        : ", " + planned.aws().writes() + " changes in AWS"));
    }

    @Override
    public String run() {
        if (planned == null) {
            check();
        }
        DeployRun deploy = run.get();
        DeployResult r = deploy.apply(planned, listener, progress);
        planned = null;
        if (!r.conflicts().isEmpty()) {
            throw new IllegalStateException(r.conflicts().size() + " objects not applied: another field manager"
                    + " owns fields Slipway declares (" + r.conflicts().stream().map(ObjectChange::ref)
                    .map(Object::toString).limit(3).reduce((a, b) -> a + ", " + b).orElse("") + "); see 'slipway"
                    + " deploy --dry-run' and --force-conflicts");
        }
        return r.applied().size() + " objects applied; every component ready" + (deploy.awsApplied().isEmpty() ? ""
                : "; in AWS: " + String.join("; ", deploy.awsApplied()));
    }
}
