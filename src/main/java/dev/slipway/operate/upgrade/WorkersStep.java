package dev.slipway.operate.upgrade;

import dev.slipway.operate.Step;
import dev.slipway.operate.rotate.PoolOutcome;
import dev.slipway.operate.rotate.PoolPlan;
import dev.slipway.operate.rotate.RotationListener;
import dev.slipway.operate.rotate.WorkerRotation;
import dev.slipway.spec.Environment;
import dev.slipway.spec.WorkerPoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code rotate} of every worker pool: surge, Ready, drain through the Eviction API, terminate ({@link
 * WorkerRotation}). Done when no pool has an instance on an older launch template version; resumable as rotate is
 * (its progress is read back from AWS and the cluster).
 */
final class WorkersStep implements Step {
    private final Environment env;
    private final Supplier<WorkerRotation> rotation;
    private final RotationListener listener;

    WorkersStep(Environment env, Supplier<WorkerRotation> rotation, RotationListener listener) {
        this.env = env;
        this.rotation = rotation;
        this.listener = listener;
    }

    @Override
    public String name() {
        return "workers";
    }

    @Override
    public String intent() {
        return "replace every worker pool's nodes from the new launch template, one at a time with a surge node,"
                + " draining through PodDisruptionBudgets (rotate)";
    }

    private List<PoolPlan> plans() {
        List<PoolPlan> out = new ArrayList<>();
        for (WorkerPoolSpec p : env.workerPools()) {
            out.add(rotation.get().plan(env, p.name()));
        }
        return out;
    }

    @Override
    public Check check() {
        List<PoolPlan> plans = plans();
        long nodes = plans.stream().mapToLong(p -> p.replacements().size()).sum();
        return plans.stream().allMatch(PoolPlan::nothingToDo) ? Check.done("every worker on its pool's current"
                + " template") : Check.toDo(nodes + " worker nodes to replace");
    }

    @Override
    public String run() {
        int replaced = 0;
        for (PoolPlan plan : plans()) {
            PoolOutcome outcome;
            try {
                outcome = rotation.get().run(env, plan, listener);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while rotating pool " + plan.pool(), e);
            }
            if (outcome.failed()) {
                throw new IllegalStateException("pool " + outcome.pool() + ": " + outcome.reason());
            }
            replaced += outcome.replaced().size();
        }
        return replaced + " worker nodes replaced";
    }
}
