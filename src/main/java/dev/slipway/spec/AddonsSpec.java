package dev.slipway.spec;

/**
 * Cluster add-ons the seed installed by hand: dashboard, logging (log shipping + search + UI) and metrics, and where
 * the metrics add-on's alerts go.
 */
public record AddonsSpec(AddonSpec dashboard, AddonSpec logging, AddonSpec metrics, AlertingSpec alerting) {

    /** Add-ons without an alert receiver. */
    public AddonsSpec(AddonSpec dashboard, AddonSpec logging, AddonSpec metrics) {
        this(dashboard, logging, metrics, AlertingSpec.NONE);
    }
}
