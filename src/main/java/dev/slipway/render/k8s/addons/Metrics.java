package dev.slipway.render.k8s.addons;

/** Names the metrics add-on's parts share: one namespace and the workloads' names and ports. */
final class Metrics {
    static final String NAMESPACE = "monitoring";
    static final String PROMETHEUS = "prometheus";
    static final String ALERTMANAGER = "alertmanager";
    static final String NODE_EXPORTER = "node-exporter";
    static final String KUBE_STATE_METRICS = "kube-state-metrics";
    static final String GRAFANA = "grafana";
    static final int PROMETHEUS_PORT = 9090;
    static final int ALERTMANAGER_PORT = 9093;
    static final int NODE_EXPORTER_PORT = 9100;
    static final int KUBE_STATE_METRICS_PORT = 8080;
    static final int GRAFANA_PORT = 3000;
    /** Where etcd's metrics would be scraped on each controller (see {@link AlertRules}). */
    static final int ETCD_METRICS_PORT = 2381;

    private Metrics() {
    }
}
