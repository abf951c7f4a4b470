package dev.slipway.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.spec.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The step machinery alone (the procedures' real steps are tested in UpCommandTest and DownCommandTest): a plan runs
 * nothing and checks only up to the first step not done; a run skips done steps, stops at a failure, and a second run
 * resumes there.
 */
class ProcedureTest {
    /** A step whose effect is a flag; it fails while {@code failures} is above zero. */
    static class FlagStep implements Step {
        final String name;
        final List<String> journal;
        boolean done;
        int failures;
        boolean checkWrites;

        FlagStep(String name, List<String> journal) {
            this.name = name;
            this.journal = journal;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String intent() {
            return "set " + name;
        }

        @Override
        public boolean checkWritesNothing() {
            return !checkWrites;
        }

        @Override
        public Check check() {
            journal.add("check " + name);
            return done ? Check.done(name + " is set") : Check.toDo(name + " is not set");
        }

        @Override
        public String run() {
            journal.add("run " + name);
            if (failures > 0) {
                failures--;
                throw new IllegalStateException(name + " broke");
            }
            done = true;
            return "set " + name;
        }
    }

    final List<String> journal = new ArrayList<>();
    final FlagStep a = new FlagStep("a", journal);
    final FlagStep b = new FlagStep("b", journal);
    final FlagStep c = new FlagStep("c", journal);
    final Procedure procedure = new Procedure("test", List.of(a, b, c));

    static List<StepOutcome.Status> statuses(List<StepOutcome> outcomes) {
        return outcomes.stream().map(StepOutcome::status).toList();
    }

    @Test
    void aPlanChecksUpToTheFirstStepNotDoneAndRunsNothing() {
        a.done = true;
        assertThat(statuses(procedure.plan(false))).containsExactly(StepOutcome.Status.ALREADY_DONE,
                StepOutcome.Status.TO_DO, StepOutcome.Status.PENDING);
        assertThat(journal).containsExactly("check a", "check b");
    }

    @Test
    void aDryRunDoesNotCallACheckThatWrites() {
        a.done = true;
        b.checkWrites = true;
        List<StepOutcome> plan = procedure.plan(true);
        assertThat(statuses(plan)).containsExactly(StepOutcome.Status.ALREADY_DONE, StepOutcome.Status.PENDING,
                StepOutcome.Status.PENDING);
        assertThat(plan.get(1).detail()).contains("not checked in a dry run");
        assertThat(journal).containsExactly("check a");
    }

    @Test
    void aFailureStopsTheRunAndTheNextRunResumesThere() {
        b.failures = 1;
        List<StepOutcome> first = procedure.run(Procedure.Listener.NONE);
        assertThat(statuses(first)).containsExactly(StepOutcome.Status.DONE, StepOutcome.Status.FAILED,
                StepOutcome.Status.NOT_RUN);
        assertThat(first.get(1).detail()).isEqualTo("b broke");
        assertThat(Procedure.succeeded(first)).isFalse();

        journal.clear();
        List<StepOutcome> second = procedure.run(Procedure.Listener.NONE);
        assertThat(statuses(second)).containsExactly(StepOutcome.Status.ALREADY_DONE, StepOutcome.Status.DONE,
                StepOutcome.Status.DONE);
        assertThat(journal).containsExactly("check a", "check b", "run b", "check c", "run c");
        assertThat(Procedure.succeeded(second)).isTrue();
    }

    @Test
    void badInputIsNotTurnedIntoAFailedStep() {
        Step refusing = new FlagStep("x", journal) {
            @Override
            public String run() {
                throw new InvalidInputException("needs --confirm");
            }
        };
        assertThatThrownBy(() -> new Procedure("test", List.of(refusing)).run(Procedure.Listener.NONE))
                .isInstanceOf(InvalidInputException.class);
    }
}
