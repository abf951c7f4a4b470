package dev.slipway.apply.nodes;

import java.util.List;

/**
 * Why one Pod could not be evicted yet: the PodDisruptionBudget that refused (HTTP 429), what it counts, and the
 * Pods it covers that are not ready, which are what stands in the way; or why the drain does not evict it at all.
 *
 * @param pod         {@code namespace/name} of the Pod the eviction was for
 * @param budget      {@code namespace/name} of the refusing budget; empty when none matched, or when the Pod is held
 *                    for another reason (then {@code detail} says which)
 * @param detail      the budget's numbers in words, e.g. "minAvailable 2: 2 healthy of 3 (2 needed), 0 disruptions
 *                    allowed", or why the Pod is not evicted at all
 * @param notReady    Pods the budget covers that are not ready (the ones to look at)
 */
public record DrainBlocker(String pod, String budget, String detail, List<String> notReady) {
    public DrainBlocker {
        notReady = List.copyOf(notReady);
    }

    /** One line for people. */
    public String describe() {
        if (budget.isEmpty() && !detail.isEmpty()) {
            return pod + " is not evicted: " + detail;
        }
        String who = budget.isEmpty() ? "a disruption budget" : "PodDisruptionBudget " + budget;
        return "evicting " + pod + " is refused by " + who + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (notReady.isEmpty() ? "" : "; not ready: " + String.join(", ", notReady));
    }
}
