package dev.slipway.operate.upgrade;

import dev.slipway.operate.Step;
import dev.slipway.operate.rotate.ControllerRotation;
import dev.slipway.operate.rotate.ControllerRotationListener;
import dev.slipway.operate.rotate.ControllerRotationResult;
import dev.slipway.operate.rotate.RotationStep;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code rotate --controllers}: every controller replaced, one at a time, from the controller config just rendered
 * for the target (etcd-safe: {@link ControllerRotation}). Done when the rotation has nothing to do; its progress is
 * rotate's own record, so a killed upgrade continues with the controller it was on.
 */
final class ControllersStep implements Step {
    private final Supplier<ControllerRotation> rotation;
    private final Consumer<String> progress;

    ControllersStep(Supplier<ControllerRotation> rotation, Consumer<String> progress) {
        this.rotation = rotation;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "controllers";
    }

    @Override
    public String intent() {
        return "replace the controllers one at a time from the new controller config, keeping etcd's quorum (rotate"
                + " --controllers)";
    }

    @Override
    public Check check() {
        List<RotationStep> steps = rotation.get().plan();
        return steps.isEmpty() ? Check.done("every controller runs the current config")
                : Check.toDo(steps.size() + " rotation steps");
    }

    @Override
    public String run() {
        ControllerRotationResult r = rotation.get().run(new ControllerRotationListener() {
            @Override
            public void starting(RotationStep step) {
                progress.accept("  ... " + step);
            }

            @Override
            public void finished(RotationStep step) {
                progress.accept("  done " + step);
            }
        });
        if (!r.completed()) {
            throw new IllegalStateException(r.abortReason().orElse("the controller rotation stopped"));
        }
        return r.done().size() + " rotation steps done";
    }
}
