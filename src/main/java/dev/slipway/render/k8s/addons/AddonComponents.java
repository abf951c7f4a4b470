package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.ClusterComponent;
import java.util.List;

/**
 * The add-ons in deploy order: each store before what writes to or reads from it (OpenSearch before fluent-bit and
 * Dashboards, Prometheus' scrape targets and Alertmanager before Grafana), the setup Job after the store and UI it
 * configures.
 */
public final class AddonComponents {
    private AddonComponents() {
    }

    public static List<ClusterComponent> all() {
        return List.of(new Headlamp(), new OpenSearch(), new OpenSearchDashboards(), new LoggingSetup(),
                new FluentBit(), new Prometheus(), new NodeExporter(), new KubeStateMetrics(), new Alertmanager(),
                new Grafana());
    }
}
