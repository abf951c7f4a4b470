package dev.slipway.operate.rotate;

/** Progress of a controller rotation, as it happens (the CLI prints it to stderr). */
public interface ControllerRotationListener {
    void starting(RotationStep step);

    void finished(RotationStep step);

    /** A slot already replaced with the current controller config, by this or an earlier run. */
    default void alreadyDone(ControllerSlot slot) {
    }

    /** While waiting for a step: what was last seen. */
    default void waiting(RotationStep step, String observed) {
    }

    ControllerRotationListener SILENT = new ControllerRotationListener() {
        @Override
        public void starting(RotationStep step) {
        }

        @Override
        public void finished(RotationStep step) {
        }
    };
}
