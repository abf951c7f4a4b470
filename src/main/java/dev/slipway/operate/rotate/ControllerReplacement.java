package dev.slipway.operate.rotate;

/**
 * Replaces the instance of one controller slot with a fresh one booted from the current controller config. The
 * rotation calls {@link #prepare} before it touches etcd, so a replacement that cannot be made stops the rotation while
 * the old member still serves; then {@link #replace} does exactly what was prepared.
 */
public interface ControllerReplacement {
    /** One line for the plan: what {@link #replace} will do to {@code slot}. */
    String describe(ControllerSlot slot);

    /** Checks (and may plan) the replacement without changing anything; throws with the reason when it cannot be done. */
    void prepare(ControllerSlot slot);

    /** Terminates the slot's instance and launches its replacement. */
    void replace(ControllerSlot slot);
}
