package dev.slipway.render.k8s.addons;

import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;

/** Spreading an add-on's replicas so that losing one availability zone loses at most its share of them. */
final class Spread {
    private Spread() {
    }

    /**
     * At most one more replica in any zone than in another; a zone that is down does not block scheduling
     * ({@code ScheduleAnyway}), so a one-zone environment still runs every replica.
     */
    static TopologySpreadConstraint overZones(String app) {
        return new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey("topology.kubernetes.io/zone")
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector()
                .withMatchLabels(AddonParts.selector(app)).endLabelSelector().build();
    }
}
