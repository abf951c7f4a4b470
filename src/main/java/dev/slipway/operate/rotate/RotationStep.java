package dev.slipway.operate.rotate;

/**
 * One step of a controller rotation, in the order they run for a slot.
 *
 * @param slot   the controller position; null for {@link Action#SNAPSHOT}, which concerns the whole cluster
 * @param action what happens to it
 * @param detail what the step does, in words (shown in the plan and as progress)
 */
public record RotationStep(ControllerSlot slot, Action action, String detail) {

    /** The steps per slot; a resumed slot starts at the first one not yet done. */
    public enum Action {
        /** An etcd snapshot into the infra bucket, once per rotation, before the first member change. */
        SNAPSHOT,
        /** The old member leaves the cluster (leadership handed over first); quorum of the rest still holds. */
        REMOVE_MEMBER,
        /** The same peer URL comes back as a new, not yet started member, for the replacement to join as. */
        ADD_MEMBER,
        /** The old instance is terminated and a new one launched from the current controller config. */
        REPLACE_INSTANCE,
        /** Until the new member has started, published its name and answers healthy; else the rotation aborts. */
        AWAIT_HEALTHY
    }

    /** The step that takes the rotation's etcd snapshot. */
    static RotationStep snapshot(String detail) {
        return new RotationStep(null, Action.SNAPSHOT, detail);
    }

    @Override
    public String toString() {
        return slot == null ? detail : slot.name() + ": " + detail;
    }
}
