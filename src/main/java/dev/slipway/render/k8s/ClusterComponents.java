package dev.slipway.render.k8s;

import dev.slipway.render.k8s.workloads.AppSuite;
import dev.slipway.render.k8s.workloads.Mongo;
import dev.slipway.render.k8s.workloads.MongoExpress;
import java.util.List;

/**
 * Every cluster component Slipway renders, in deploy order: the essentials a cluster needs to run anything (pod
 * network, DNS, cloud controller, storage), then add-ons, then data stores, then the app suite.
 */
public final class ClusterComponents {
    private ClusterComponents() {
    }

    public static List<ClusterComponent> all() {
        return List.of(
                // essentials and add-ons come first (their branches add them here)
                // data, then the app suite that uses it
                new Mongo(), new MongoExpress(), new AppSuite());
    }
}
