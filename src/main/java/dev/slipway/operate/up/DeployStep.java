package dev.slipway.operate.up;

import dev.slipway.apply.kubernetes.DeployEngine;
import dev.slipway.apply.kubernetes.DeployListener;
import dev.slipway.apply.kubernetes.DeployPlan;
import dev.slipway.apply.kubernetes.DeployResult;
import dev.slipway.apply.kubernetes.DesiredComponent;
import dev.slipway.apply.kubernetes.ObjectChange;
import dev.slipway.operate.Step;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * {@code deploy}: the rendered components applied and waited for, by the same engine as {@code slipway deploy}. Done
 * when its server-side-dry-run plan writes nothing.
 */
final class DeployStep implements Step {
    private final Supplier<DeployEngine> engine;
    private final Supplier<List<DesiredComponent>> components;
    private final UnaryOperator<List<HasMetadata>> secrets;
    private final DeployListener listener;
    private DeployPlan planned;

    DeployStep(Supplier<DeployEngine> engine, Supplier<List<DesiredComponent>> components,
            UnaryOperator<List<HasMetadata>> secrets, DeployListener listener) {
        this.engine = engine;
        this.components = components;
        this.secrets = secrets;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "deploy";
    }

    @Override
    public String intent() {
        return "apply the rendered Kubernetes objects and wait until each component is ready";
    }

    @Override
    public Check check() {
        if (planned == null) {
            // made once: what was shown before asking is what is applied
            planned = engine.get().plan(components.get(), List.of(), secrets);
        }
        return planned.writes() == 0 ? Check.done(planned.changes().size() + " objects unchanged")
                : Check.toDo(planned.writes() + " objects to write");
    }

    @Override
    public String run() {
        if (planned == null) {
            check();
        }
        DeployResult r = engine.get().apply(planned, listener);
        planned = null;
        if (!r.conflicts().isEmpty()) {
            throw new IllegalStateException(r.conflicts().size() + " objects not applied: another field manager"
                    + " owns fields Slipway declares (" + r.conflicts().stream().map(ObjectChange::ref)
                    .map(Object::toString).limit(3).reduce((a, b) -> a + ", " + b).orElse("") + "); see 'slipway"
                    + " deploy --dry-run' and --force-conflicts");
        }
        return r.applied().size() + " objects applied; every component ready";
    }
}
