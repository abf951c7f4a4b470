package dev.slipway.apply.nodes;

import java.time.Duration;
import java.util.List;

/**
 * A drain that did not finish in time: Pods are still on the Node, held by disruption budgets (never forced past
 * them) or slow to terminate. Nothing was deleted by force.
 */
public final class DrainBlockedException extends RuntimeException {
    private final String node;
    private final List<DrainBlocker> blockers;
    private final List<String> remaining;

    public DrainBlockedException(String node, Duration timeout, List<DrainBlocker> blockers, List<String> remaining) {
        super("draining node " + node + " did not finish within " + timeout.toSeconds() + "s; still there: "
                + String.join(", ", remaining)
                + (blockers.isEmpty() ? "" : "; " + String.join("; ",
                        blockers.stream().map(DrainBlocker::describe).toList())));
        this.node = node;
        this.blockers = List.copyOf(blockers);
        this.remaining = List.copyOf(remaining);
    }

    public String node() {
        return node;
    }

    public List<DrainBlocker> blockers() {
        return blockers;
    }

    public List<String> remaining() {
        return remaining;
    }
}
