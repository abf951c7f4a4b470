package dev.slipway.operate.upgrade;

import java.util.Optional;

/**
 * One API version of one kind that a Kubernetes release stopped serving.
 *
 * @param removedIn   the minor that no longer serves it
 * @param apiVersion  {@code policy/v1beta1}
 * @param kind        {@code PodDisruptionBudget}
 * @param replacement the API version to use instead; empty when the API has no successor (PodSecurityPolicy)
 */
public record RemovedApi(KubernetesRelease removedIn, String apiVersion, String kind, Optional<String> replacement) {
    /** "policy/v1beta1 PodDisruptionBudget (removed in v1.25; use policy/v1)". */
    public String describe() {
        return apiVersion + " " + kind + " (removed in " + removedIn.minorName() + "; "
                + replacement.map(r -> "use " + r).orElse("no successor: remove it") + ")";
    }
}
