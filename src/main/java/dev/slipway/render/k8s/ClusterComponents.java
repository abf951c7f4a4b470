package dev.slipway.render.k8s;

import dev.slipway.render.k8s.addons.AddonComponents;
import dev.slipway.render.k8s.essentials.Essentials;
import dev.slipway.render.k8s.workloads.AppSuite;
import dev.slipway.render.k8s.workloads.Mongo;
import dev.slipway.render.k8s.workloads.MongoExpress;
import java.util.ArrayList;
import java.util.List;

/**
 * Every cluster component Slipway renders, in deploy order: the essentials a cluster needs to run anything (pod
 * network, DNS, cloud controller, storage), then add-ons, then data stores, then the app suite.
 */
public final class ClusterComponents {
    private ClusterComponents() {
    }

    public static List<ClusterComponent> all() {
        List<ClusterComponent> all = new ArrayList<>();
        all.addAll(Essentials.all());
        all.addAll(AddonComponents.all());
        // Data, then the app suite that uses it.
        all.addAll(List.of(new Mongo(), new MongoExpress(), new AppSuite()));
        return List.copyOf(all);
    }
}
