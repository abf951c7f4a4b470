package dev.slipway.operate;

/**
 * One named step of a day-2 {@link Procedure}. A step is resumable by construction: {@link #check()} tells cheaply
 * whether its effect is already in place (the bucket exists with its settings, Terraform's plan is empty, the sync
 * plan is empty, ...), and {@link #run()} is only called when it is not, so a procedure started again after a
 * failure or a {@code kill -9} skips what is done and continues with the first step that is not.
 */
public interface Step {
    /** Short name, as the user knows the command it stands for: {@code infra apply}, {@code sync}. */
    String name();

    /** What running the step does, one line, for the plan shown before asking. */
    String intent();

    /** Whether the step's effect is already in place; changes nothing. */
    Check check();

    /**
     * Whether {@link #check()} writes nothing anywhere (no file, no object), so that a dry run may call it. A check
     * that needs a scratch file (Terraform's saved plan) says false, and a dry run shows the step as not checked.
     */
    default boolean checkWritesNothing() {
        return true;
    }

    /** Does the step (only after {@link #check()} said it is not done); returns a one-line summary of what it did. */
    String run();

    /**
     * The answer of {@link #check()}.
     *
     * @param done   whether the step's effect is in place
     * @param detail why, in a few words ({@code "bucket exists with its four settings"}, {@code "3 objects to
     *               upload"})
     */
    record Check(boolean done, String detail) {
        public static Check done(String detail) {
            return new Check(true, detail);
        }

        public static Check toDo(String detail) {
            return new Check(false, detail);
        }
    }
}
