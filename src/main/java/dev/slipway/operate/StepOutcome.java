package dev.slipway.operate;

import java.util.Locale;

/**
 * What became of one step, in a plan or a run of a {@link Procedure}.
 *
 * @param step   the step's name
 * @param status its typed outcome
 * @param detail one line: why it is done, what it did, or why it failed
 */
public record StepOutcome(String step, Status status, String detail) {
    /** The typed outcomes; a plan has the first three, a run the others and {@link #ALREADY_DONE}. */
    public enum Status {
        /** Its check found its effect in place: skipped. */
        ALREADY_DONE,
        /** Checked and not done: it would run. */
        TO_DO,
        /** Not checked: it depends on an earlier step that is not done yet (or its check would write). */
        PENDING,
        /** Ran and succeeded. */
        DONE,
        /** Failed; the procedure stopped here, and a run started again resumes here. */
        FAILED,
        /** Not reached because an earlier step failed. */
        NOT_RUN;

        /** The word the text and JSON output use: {@code already-done}, {@code to-do}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
