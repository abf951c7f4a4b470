package dev.slipway.render.k8s.addons;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What an operator of this platform wants to hear about, as a Prometheus rule file. Prometheus evaluates the rules
 * and sends firing alerts to Alertmanager; Grafana lists them (Alerting, data-source-managed rules).
 *
 * <p>The first group watches the monitoring itself, as kube-prometheus' {@code general.rules} do
 * (manifests/kubePrometheus-prometheusRule.yaml, v0.16.0): a scrape target down ({@code TargetDown}, here per
 * target rather than kube-prometheus' "over 10 % of a job", since most jobs here have one to five targets), a
 * scrape job that discovers no target at all (which {@code up == 0} cannot see: there is no {@code up} series), and
 * {@code Watchdog}, always firing, so a missing Watchdog in Alertmanager means the alert path is broken.
 *
 * <p>"etcd without leader" also fires when the API server's own etcd health check fails, which it does when etcd has
 * no leader: it still fires when the etcd scrape itself fails.
 */
final class AlertRules {
    static final String FILE = "alerts.yml";
    static final String WATCHDOG = "Watchdog";

    private AlertRules() {
    }

    /** The rule file for Prometheus' scrape jobs {@code jobs}. */
    static String yaml(List<String> jobs) {
        // absent() of an equality matcher returns that label ({job="etcd"}), so each missing job fires apart
        String absent = jobs.stream().map(j -> "absent(up{job=\"" + j + "\"})")
                .collect(Collectors.joining("\n      or "));
        return """
                groups:
                - name: slipway-monitoring
                  rules:
                  - alert: TargetDown
                    expr: up == 0
                    for: 10m
                    labels: {severity: warning}
                    annotations:
                      summary: "{{ $labels.job }} target {{ $labels.instance }} has been down for 10 minutes"
                  - alert: ScrapeJobWithoutTargets
                    expr: >-
                      %s
                    for: 15m
                    labels: {severity: warning}
                    annotations:
                      summary: "Prometheus job {{ $labels.job }} has discovered no target for 15 minutes"
                  - alert: %s
                    expr: vector(1)
                    labels: {severity: none}
                    annotations:
                      summary: "Always firing: shows that Prometheus' alerts reach Alertmanager"
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
                      summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is over 90%% full"
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
                """.formatted(absent, WATCHDOG);
    }
}
