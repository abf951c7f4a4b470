package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Metrics.NAMESPACE;
import static dev.slipway.render.k8s.addons.Metrics.PROMETHEUS;
import static dev.slipway.render.k8s.addons.Metrics.PROMETHEUS_PORT;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.StorageClassNames;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The metrics store: one Prometheus (the successor of the seed's heapster + InfluxDB; one server holds this
 * platform's few thousand series easily, and its rule engine serves the alerts) on a volume of
 * {@code volumes.metrics}, keeping {@code addons.metrics.retentionDays} of data. It scrapes the kubelets and their
 * cAdvisor, the API server, node-exporter, kube-state-metrics, fluent-bit, Alertmanager and itself.
 *
 * <p>The volume is a plain claim (not a volumeClaimTemplate), so a new size in the spec is a claim expansion.
 */
public final class Prometheus implements ClusterComponent {
    static final String DATA = "prometheus-data";
    private static final String CONFIG = "prometheus-config";

    @Override
    public String name() {
        return PROMETHEUS;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().metrics().enabled()) {
            return List.of();
        }
        String scrape = config(env.addons().logging().enabled());
        Map<String, String> config = Map.of("prometheus.yml", scrape, AlertRules.FILE,
                AlertRules.yaml(jobNames(scrape)));
        return List.of(
                AddonParts.namespace(NAMESPACE),
                AddonParts.serviceAccount(NAMESPACE, PROMETHEUS, true),
                new ClusterRoleBuilder().withNewMetadata().withName("slipway-prometheus").endMetadata()
                        .addNewRule().withApiGroups("").withResources("nodes", "nodes/metrics", "services",
                                "endpoints", "pods").withVerbs("get", "list", "watch").endRule()
                        .addNewRule().withApiGroups("discovery.k8s.io").withResources("endpointslices")
                        .withVerbs("get", "list", "watch").endRule()
                        .addNewRule().withNonResourceURLs("/metrics").withVerbs("get").endRule().build(),
                AddonParts.clusterRoleBinding("slipway-prometheus", "slipway-prometheus", NAMESPACE, PROMETHEUS),
                AddonParts.configMap(NAMESPACE, CONFIG, config),
                AddonParts.claim(NAMESPACE, DATA, StorageClassNames.forVolume(env.volumes().metrics()),
                        env.volumes().metrics().sizeGb()),
                AddonPolicy.denyAll(NAMESPACE),
                AddonPolicy.allowDns(NAMESPACE),
                NodePeersPolicy.forPods(NAMESPACE, PROMETHEUS).ingressFromApiServerProxy(PROMETHEUS_PORT)
                        .egressToApiServer()
                        // kubelets, node-exporter (host network) and etcd, all at node addresses
                        .egressToNodes(10250, Metrics.NODE_EXPORTER_PORT, Metrics.ETCD_METRICS_PORT).build(),
                AddonPolicy.forPods(NAMESPACE, PROMETHEUS)
                        .ingressFrom(AddonPolicy.pods(Metrics.GRAFANA), PROMETHEUS_PORT)
                        .egressTo(AddonPolicy.pods(Metrics.KUBE_STATE_METRICS), Metrics.KUBE_STATE_METRICS_PORT)
                        .egressTo(AddonPolicy.pods(Metrics.ALERTMANAGER), Metrics.ALERTMANAGER_PORT)
                        .egressTo(AddonPolicy.podsIn(Logging.NAMESPACE, Logging.SHIPPER), FluentBit.METRICS_PORT)
                        .build(),
                statefulSet(input, AddonParts.hash(config)),
                AddonParts.service(NAMESPACE, PROMETHEUS, PROMETHEUS, List.of(AddonParts.port("http", 80,
                        PROMETHEUS_PORT))));
    }

    private static HasMetadata statefulSet(RenderInput input, String configHash) {
        Environment env = input.environment();
        return new StatefulSetBuilder().withNewMetadata().withName(PROMETHEUS).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(PROMETHEUS)
                .withNewSelector().withMatchLabels(selector(PROMETHEUS)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector(PROMETHEUS))
                .withAnnotations(Map.of(AddonParts.CONFIG_HASH, configHash)).endMetadata()
                .withNewSpec().withServiceAccountName(PROMETHEUS).withSecurityContext(AddonParts.podSecurity(65534))
                .addToContainers(container(PROMETHEUS, input.versions().get("addons.prometheus.image"),
                        env.protectedEnv() ? AddonParts.resources("500m", "2Gi", "4Gi")
                                : AddonParts.resources("200m", "1Gi", "2Gi"))
                        .withArgs("--config.file=/etc/prometheus/prometheus.yml",
                                "--storage.tsdb.path=/prometheus",
                                "--storage.tsdb.retention.time=" + env.addons().metrics().retentionDays() + "d",
                                "--web.listen-address=:" + PROMETHEUS_PORT)
                        .addNewPort().withName("http").withContainerPort(PROMETHEUS_PORT).endPort()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/-/ready")
                        .withPort(new IntOrString(PROMETHEUS_PORT)).endHttpGet().endReadinessProbe()
                        .addNewVolumeMount().withName("config").withMountPath("/etc/prometheus").endVolumeMount()
                        .addNewVolumeMount().withName("data").withMountPath("/prometheus").endVolumeMount()
                        .build())
                .addNewVolume().withName("config").withNewConfigMap().withName(CONFIG).endConfigMap().endVolume()
                .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(DATA)
                .endPersistentVolumeClaim().endVolume()
                .endSpec().endTemplate().endSpec().build();
    }

    /** The scrape jobs of a {@link #config(boolean)}, in order: each gets a "no targets" alert. */
    static List<String> jobNames(String config) {
        return config.lines().filter(l -> l.startsWith("- job_name: "))
                .map(l -> l.substring("- job_name: ".length()).trim()).toList();
    }

    /**
     * Scrape configuration; kubelets are verified against the cluster CA (their serving certificates are signed).
     * etcd is scraped on the controllers only, which register with {@code node.kubernetes.io/controller=true}
     * ({@code NodeRole}; {@code node-role.kubernetes.io/*} cannot be self-assigned, so no node carries it), at
     * their node address on etcd's metrics port ({@code listen-metrics-urls}, {@code ControlPlaneManifests}).
     * fluent-bit only with the logging add-on: a job without targets raises an alert.
     */
    static String config(boolean logging) {
        String sa = "/var/run/secrets/kubernetes.io/serviceaccount";
        return """
                global:
                  scrape_interval: 30s
                  evaluation_interval: 30s
                rule_files: [/etc/prometheus/%s]
                alerting:
                  alertmanagers:
                  - static_configs:
                    - targets: [%s.%s.svc:%d]
                scrape_configs:
                - job_name: prometheus
                  static_configs:
                  - targets: [localhost:%d]
                - job_name: apiserver
                  scheme: https
                  authorization: {credentials_file: %s/token}
                  tls_config: {ca_file: %s/ca.crt}
                  kubernetes_sd_configs: [{role: endpoints, namespaces: {names: [default]}}]
                  relabel_configs:
                  - source_labels: [__meta_kubernetes_service_name, __meta_kubernetes_endpoint_port_name]
                    regex: kubernetes;https
                    action: keep
                - job_name: kubelet
                  scheme: https
                  authorization: {credentials_file: %s/token}
                  tls_config: {ca_file: %s/ca.crt}
                  kubernetes_sd_configs: [{role: node}]
                - job_name: cadvisor
                  scheme: https
                  metrics_path: /metrics/cadvisor
                  authorization: {credentials_file: %s/token}
                  tls_config: {ca_file: %s/ca.crt}
                  kubernetes_sd_configs: [{role: node}]
                - job_name: node-exporter
                  kubernetes_sd_configs: [{role: node}]
                  relabel_configs:
                  - source_labels: [__address__]
                    regex: '(.+):\\d+'
                    replacement: '${1}:%d'
                    target_label: __address__
                  - source_labels: [__meta_kubernetes_node_name]
                    target_label: node
                - job_name: etcd
                  kubernetes_sd_configs: [{role: node}]
                  relabel_configs:
                  - source_labels: [__meta_kubernetes_node_label_node_kubernetes_io_controller]
                    regex: 'true'
                    action: keep
                  - source_labels: [__address__]
                    regex: '(.+):\\d+'
                    replacement: '${1}:%d'
                    target_label: __address__
                - job_name: kube-state-metrics
                  static_configs:
                  - targets: [%s.%s.svc:%d]
                - job_name: alertmanager
                  static_configs:
                  - targets: [%s.%s.svc:%d]
                """.formatted(AlertRules.FILE, Metrics.ALERTMANAGER, NAMESPACE, Metrics.ALERTMANAGER_PORT,
                PROMETHEUS_PORT, sa, sa, sa, sa, sa, sa, Metrics.NODE_EXPORTER_PORT, Metrics.ETCD_METRICS_PORT,
                Metrics.KUBE_STATE_METRICS, NAMESPACE, Metrics.KUBE_STATE_METRICS_PORT, Metrics.ALERTMANAGER,
                NAMESPACE, Metrics.ALERTMANAGER_PORT) + (logging ? """
                - job_name: fluent-bit
                  metrics_path: /api/v2/metrics/prometheus
                  kubernetes_sd_configs: [{role: pod, namespaces: {names: [%s]}}]
                  relabel_configs:
                  - source_labels: [__meta_kubernetes_pod_label_app_kubernetes_io_name]
                    regex: %s
                    action: keep
                  - source_labels: [__meta_kubernetes_pod_node_name]
                    target_label: node
                """.formatted(Logging.NAMESPACE, Logging.SHIPPER) : "");
    }
}
