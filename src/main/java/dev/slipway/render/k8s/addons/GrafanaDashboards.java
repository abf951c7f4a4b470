package dev.slipway.render.k8s.addons;

import dev.slipway.spec.AppSpec;
import dev.slipway.spec.Environment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboards Grafana loads from files Slipway renders: a cluster overview, the nodes, the workloads of a chosen
 * namespace, and one per app of the spec. Each is a small grid of time-series panels, each panel one or more PromQL
 * queries; files are JSON with sorted keys, so the same spec gives the same bytes.
 */
final class GrafanaDashboards {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** One panel: a title, its unit (Grafana's names: percentunit, bytes, short) and its queries (legend, PromQL). */
    record Panel(String title, String unit, Map<String, String> queries) {
    }

    private GrafanaDashboards() {
    }

    /** File name → dashboard JSON. */
    static Map<String, String> all(Environment env) {
        Map<String, String> files = new TreeMap<>();
        files.put("cluster-overview.json", dashboard("slipway-cluster", "Cluster overview", false, List.of(
                new Panel("Nodes ready", "short", Map.of("ready",
                        "sum(kube_node_status_condition{condition=\"Ready\",status=\"true\"})",
                        "all", "count(kube_node_info)")),
                new Panel("CPU used / allocatable", "percentunit", Map.of("cpu",
                        "sum(rate(container_cpu_usage_seconds_total{container!=\"\"}[5m]))"
                                + " / sum(kube_node_status_allocatable{resource=\"cpu\"})")),
                new Panel("Memory used / allocatable", "percentunit", Map.of("memory",
                        "sum(container_memory_working_set_bytes{container!=\"\"})"
                                + " / sum(kube_node_status_allocatable{resource=\"memory\"})")),
                new Panel("Pods by phase", "short", Map.of("{{phase}}", "sum by (phase) (kube_pod_status_phase)")),
                new Panel("Container restarts (1h)", "short", Map.of("{{namespace}}",
                        "sum by (namespace) (increase(kube_pod_container_status_restarts_total[1h]))")),
                new Panel("Firing alerts", "short", Map.of("{{alertname}}",
                        "sum by (alertname) (ALERTS{alertstate=\"firing\"})"))), env));
        files.put("nodes.json", dashboard("slipway-nodes", "Nodes", false, List.of(
                new Panel("CPU busy", "percentunit", Map.of("{{node}}",
                        "1 - avg by (node) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))")),
                new Panel("Memory used", "percentunit", Map.of("{{node}}",
                        "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes")),
                new Panel("Root disk used", "percentunit", Map.of("{{node}}",
                        "1 - node_filesystem_avail_bytes{mountpoint=\"/\"} / node_filesystem_size_bytes{mountpoint=\"/\"}")),
                new Panel("Network received", "Bps", Map.of("{{node}}",
                        "sum by (node) (rate(node_network_receive_bytes_total{device!=\"lo\"}[5m]))")),
                new Panel("Network sent", "Bps", Map.of("{{node}}",
                        "sum by (node) (rate(node_network_transmit_bytes_total{device!=\"lo\"}[5m]))")),
                new Panel("Load (1m)", "short", Map.of("{{node}}", "node_load1"))), env));
        files.put("workloads.json", dashboard("slipway-workloads", "Workloads per namespace", true, List.of(
                new Panel("CPU per pod", "short", Map.of("{{pod}}",
                        "sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\"$namespace\",container!=\"\"}[5m]))")),
                new Panel("Memory per pod", "bytes", Map.of("{{pod}}",
                        "sum by (pod) (container_memory_working_set_bytes{namespace=\"$namespace\",container!=\"\"})")),
                new Panel("Restarts (1h)", "short", Map.of("{{pod}}",
                        "sum by (pod) (increase(kube_pod_container_status_restarts_total{namespace=\"$namespace\"}[1h]))")),
                new Panel("Ready replicas", "short", Map.of("{{deployment}}",
                        "kube_deployment_status_replicas_ready{namespace=\"$namespace\"}",
                        "{{statefulset}}", "kube_statefulset_status_replicas_ready{namespace=\"$namespace\"}")),
                new Panel("Volume used", "percentunit", Map.of("{{persistentvolumeclaim}}",
                        "1 - kubelet_volume_stats_available_bytes{namespace=\"$namespace\"}"
                                + " / kubelet_volume_stats_capacity_bytes{namespace=\"$namespace\"}"))), env));
        for (AppSpec app : env.apps()) {
            String p = "pod=~\"" + app.name() + "-[a-z0-9]+-[a-z0-9]+\"";
            files.put("app-" + app.name() + ".json", dashboard("slipway-app-" + app.name(), "App " + app.name(),
                    false, List.of(
                            new Panel("Ready replicas (want " + app.replicas() + ")", "short", Map.of("ready",
                                    "sum(kube_deployment_status_replicas_ready{deployment=\"" + app.name() + "\"})")),
                            new Panel("CPU", "short", Map.of("{{pod}}",
                                    "sum by (pod) (rate(container_cpu_usage_seconds_total{" + p
                                            + ",container!=\"\"}[5m]))")),
                            new Panel("Memory", "bytes", Map.of("{{pod}}",
                                    "sum by (pod) (container_memory_working_set_bytes{" + p
                                            + ",container!=\"\"})")),
                            new Panel("Restarts (1h)", "short", Map.of("{{pod}}",
                                    "sum by (pod) (increase(kube_pod_container_status_restarts_total{" + p
                                            + "}[1h]))"))), env));
        }
        return files;
    }

    private static String dashboard(String uid, String title, boolean namespaceVariable, List<Panel> panels,
            Environment env) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("uid", uid);
        d.put("title", title + " (" + env.clusterName() + ")");
        d.put("tags", List.of("slipway"));
        d.put("schemaVersion", 39);
        d.put("editable", false);
        d.put("refresh", "1m");
        d.put("time", Map.of("from", "now-6h", "to", "now"));
        List<Object> templating = new ArrayList<>();
        if (namespaceVariable) {
            templating.add(Map.of("name", "namespace", "type", "query", "label", "Namespace",
                    "datasource", datasource(), "query", "label_values(kube_pod_info, namespace)", "refresh", 2,
                    "sort", 1));
        }
        d.put("templating", Map.of("list", templating));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            List<Object> targets = new ArrayList<>();
            char ref = 'A';
            for (Map.Entry<String, String> q : new TreeMap<>(p.queries()).entrySet()) {
                targets.add(Map.of("refId", String.valueOf(ref++), "expr", q.getValue(), "legendFormat", q.getKey(),
                        "datasource", datasource()));
            }
            out.add(Map.of("id", i + 1, "type", "timeseries", "title", p.title(), "datasource", datasource(),
                    "gridPos", Map.of("x", (i % 2) * 12, "y", (i / 2) * 8, "w", 12, "h", 8),
                    "fieldConfig", Map.of("defaults", Map.of("unit", p.unit()), "overrides", List.of()),
                    "targets", targets));
        }
        d.put("panels", out);
        return JSON.writeValueAsString(d) + "\n";
    }

    private static Map<String, String> datasource() {
        return Map.of("type", "prometheus", "uid", Grafana.PROMETHEUS_DATASOURCE);
    }
}
