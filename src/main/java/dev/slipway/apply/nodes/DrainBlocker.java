package dev.slipway.apply.nodes;

import java.util.List;

/**
 * Why one Pod could not be evicted yet: the PodDisruptionBudget that refused (HTTP 429), what it counts, and the
 * Pods it covers that are not ready, which are what stands in the way.
 *
 * @param pod         {@code namespace/name} of the Pod the eviction was for
 * @param budget      {@code namespace/name} of the refusing budget, or empty when the API server named none
 * @param detail      the budget's numbers in words, e.g. "minAvailable 2: 2 of 3 healthy, 0 disruptions allowed"
 * @param notReady    Pods the budget covers that are not ready (the ones to look at)
 */
public record DrainBlocker(String pod, String budget, String detail, List<String> notReady) {
    public DrainBlocker {
        notReady = List.copyOf(notReady);
    }

    /** One line for people. */
    public String describe() {
        String who = budget.isEmpty() ? "a disruption budget" : "PodDisruptionBudget " + budget;
        return "evicting " + pod + " is refused by " + who + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (notReady.isEmpty() ? "" : "; not ready: " + String.join(", ", notReady));
    }
}
