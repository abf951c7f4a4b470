package dev.slipway.spec;

/**
 * Cluster add-ons the seed installed by hand: dashboard, logging (log shipping + search + UI) and metrics.
 */
public record AddonsSpec(AddonSpec dashboard, AddonSpec logging, AddonSpec metrics) {
}
