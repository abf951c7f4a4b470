package dev.slipway.operate.rotate;

import java.util.List;

/**
 * The rotation of one worker pool as planned from AWS and the cluster: which instances are replaced, in which order.
 *
 * @param pool            the worker pool
 * @param group           its Auto Scaling group
 * @param originalDesired the size the group returns to (recorded on the group by an unfinished rotation, else today's)
 * @param desired         its desired capacity now (above the original while a rotation is unfinished)
 * @param templateVersion the launch template version replacements are launched from
 * @param replacements    old instances in the order they are replaced
 * @param resuming        whether an earlier rotation of this pool did not finish (this run continues it)
 */
public record PoolPlan(String pool, String group, int originalDesired, int desired, String templateVersion,
        List<Replacement> replacements, boolean resuming) {
    public PoolPlan {
        replacements = List.copyOf(replacements);
    }

    public boolean nothingToDo() {
        return replacements.isEmpty() && !resuming;
    }
}
