package dev.slipway.operate.rotate;

import java.util.List;

/**
 * What a rotation did to one pool.
 *
 * @param pool         the worker pool
 * @param group        its Auto Scaling group
 * @param result       how it ended
 * @param replaced     the old instances terminated (their Nodes drained and deleted)
 * @param finalDesired the group's desired capacity at the end
 * @param reason       why it stopped, for ABORTED and BLOCKED; empty otherwise
 */
public record PoolOutcome(String pool, String group, Result result, List<Replacement> replaced, int finalDesired,
        String reason) {
    public PoolOutcome {
        replaced = List.copyOf(replaced);
    }

    public enum Result {
        /** Every old instance replaced; the group is back at its original size. */
        ROTATED,
        /** No instance was older than the group's launch template version. */
        NOTHING_TO_DO,
        /** A new node never became Ready: old nodes kept (uncordoned), surge instances terminated, size restored. */
        ABORTED,
        /** A drain stayed blocked (disruption budgets) past its timeout: stopped; a re-run continues. */
        BLOCKED
    }

    public boolean failed() {
        return result == Result.ABORTED || result == Result.BLOCKED;
    }
}
