package dev.slipway.operate;

import dev.slipway.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A day-2 procedure ({@code up}, {@code down}, ...): named {@link Step}s run in order. {@link #plan} shows which steps
 * are done and which would run, without running any; {@link #run} skips the steps whose check finds them done, runs
 * the others, and stops at the first failure, so running it again resumes there.
 */
public final class Procedure {
    /** Told as a run goes, for the phases shown while they run. */
    public interface Listener {
        Listener NONE = new Listener() {
        };

        default void started(Step step) {
        }

        default void finished(StepOutcome outcome) {
        }
    }

    private final String name;
    private final List<Step> steps;

    public Procedure(String name, List<Step> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    public String name() {
        return name;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * Checks the steps in order up to the first that is not done (the later ones depend on it and are
     * {@link StepOutcome.Status#PENDING}); runs none. With {@code dryRun}, a step whose check would write anything is
     * not checked either.
     */
    public List<StepOutcome> plan(boolean dryRun) {
        List<StepOutcome> out = new ArrayList<>();
        boolean blocked = false;
        for (Step step : steps) {
            if (blocked) {
                out.add(new StepOutcome(step.name(), StepOutcome.Status.PENDING, step.intent()));
                continue;
            }
            if (dryRun && !step.checkWritesNothing()) {
                out.add(new StepOutcome(step.name(), StepOutcome.Status.PENDING, step.intent()
                        + " (not checked in a dry run: the check itself writes)"));
                blocked = true;
                continue;
            }
            Step.Check check = step.check();
            if (check.done()) {
                out.add(new StepOutcome(step.name(), StepOutcome.Status.ALREADY_DONE, check.detail()));
            } else {
                out.add(new StepOutcome(step.name(), StepOutcome.Status.TO_DO, step.intent() + ": " + check.detail()));
                blocked = true;
            }
        }
        return out;
    }

    /**
     * Runs the steps in order: each is checked first and skipped when done. The first failure stops the run (the
     * steps after it are {@link StepOutcome.Status#NOT_RUN}); bad input is not caught, so it keeps its exit code.
     */
    public List<StepOutcome> run(Listener listener) {
        List<StepOutcome> out = new ArrayList<>();
        boolean failed = false;
        for (Step step : steps) {
            if (failed) {
                out.add(new StepOutcome(step.name(), StepOutcome.Status.NOT_RUN, step.intent()));
                continue;
            }
            listener.started(step);
            StepOutcome outcome;
            try {
                Step.Check check = step.check();
                outcome = check.done()
                        ? new StepOutcome(step.name(), StepOutcome.Status.ALREADY_DONE, check.detail())
                        : new StepOutcome(step.name(), StepOutcome.Status.DONE, step.run());
            } catch (InvalidInputException e) {
                throw e;
            } catch (RuntimeException e) {
                outcome = new StepOutcome(step.name(), StepOutcome.Status.FAILED, String.valueOf(e.getMessage()));
                failed = true;
            }
            listener.finished(outcome);
            out.add(outcome);
        }
        return out;
    }

    /** Whether a run's outcomes end without a failure. */
    public static boolean succeeded(List<StepOutcome> outcomes) {
        return outcomes.stream().noneMatch(o -> o.status() == StepOutcome.Status.FAILED);
    }
}
