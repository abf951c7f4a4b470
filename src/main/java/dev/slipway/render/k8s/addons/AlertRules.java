package dev.slipway.render.k8s.addons;

/**
 * What an operator of this platform wants to hear about, as a Prometheus rule file. Prometheus evaluates the rules
 * and sends firing alerts to Alertmanager; Grafana lists them (Alerting, data-source-managed rules).
 *
 * <p>etcd listens for metrics on 127.0.0.1:2381 on the controllers (the rendered static Pod), which Prometheus
 * cannot reach; so "etcd without leader" also fires when the API server's own etcd health check fails, which it
 * does when etcd has no leader.
 */
final class AlertRules {
    static final String FILE = "alerts.yml";

    private AlertRules() {
    }

    static String yaml() {
        return """
                groups:
                - name: slipway-platform
                  rules:
                  - alert: NodeNotReady
                    expr: kube_node_status_condition{condition="Ready",status="true"} == 0
                    for: 5m
                    labels: {severity: critical}
                    annotations:
                      summary: "Node {{ $labels.node }} has not been Ready for 5 minutes"
                  - alert: PodCrashLooping
                    expr: max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1
                    for: 15m
                    labels: {severity: warning}
                    annotations:
                      summary: "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.container }}) is crash looping"
                  - alert: PersistentVolumeNearlyFull
                    expr: kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10
                    for: 5m
                    labels: {severity: warning}
                    annotations:
                      summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is over 90% full"
                  - alert: CertificateExpiresSoon
                    expr: >-
                      kubelet_certificate_manager_client_ttl_seconds < 7 * 86400
                      or kubelet_certificate_manager_server_ttl_seconds < 7 * 86400
                      or histogram_quantile(0.01, sum by (job, le)
                      (rate(apiserver_client_certificate_expiration_seconds_bucket[10m]))) < 7 * 86400
                    for: 10m
                    labels: {severity: warning}
                    annotations:
                      summary: "A cluster certificate expires within 7 days (run: slipway certs)"
                  - alert: EtcdWithoutLeader
                    expr: >-
                      etcd_server_has_leader == 0
                      or kubernetes_healthcheck{name="etcd",type="readyz"} == 0
                    for: 1m
                    labels: {severity: critical}
                    annotations:
                      summary: "etcd has no leader: the cluster cannot change any object"
                """;
    }
}
