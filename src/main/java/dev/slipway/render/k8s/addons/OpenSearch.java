package dev.slipway.render.k8s.addons;

import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Logging.NAMESPACE;
import static dev.slipway.render.k8s.addons.Logging.STORE;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.StorageClassNames;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The log store: OpenSearch (the Apache-2.0 successor of the seed's Elasticsearch), {@code addons.logging.replicas}
 * nodes (one in acc), spread over zones, each on its own volume of {@code volumes.logging}.
 *
 * <p>The security plugin is off: the store is reachable only by fluent-bit, OpenSearch Dashboards, the setup Job and
 * Grafana (NetworkPolicy), nothing is exposed outside the cluster, and people reach it only through Dashboards via
 * {@code slipway dashboards}. mmap is off ({@code node.store.allow_mmap: false}), so no privileged init container has
 * to raise the node's {@code vm.max_map_count}.
 *
 * <p>Each node's claim ({@code data-opensearch-N}) is rendered as its own PersistentVolumeClaim, before the
 * StatefulSet that uses it: a size change is then a claim expansion, where a change of the StatefulSet's
 * volumeClaimTemplates would be refused by the API server. The template only gives the claims their names.
 */
public final class OpenSearch implements ClusterComponent {
    private static final String CONFIG = "opensearch-config";

    @Override
    public String name() {
        return STORE;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().logging().enabled()) {
            return List.of();
        }
        int nodes = env.addons().logging().replicas();
        Map<String, String> config = Map.of("opensearch.yml", config(nodes));
        List<HasMetadata> out = new ArrayList<>(List.of(
                AddonParts.namespace(NAMESPACE),
                AddonParts.serviceAccount(NAMESPACE, STORE, false),
                AddonParts.configMap(NAMESPACE, CONFIG, config),
                AddonPolicy.denyAll(NAMESPACE),
                AddonPolicy.allowDns(NAMESPACE),
                AddonPolicy.forPods(NAMESPACE, STORE)
                        .ingressFrom(AddonPolicy.pods(Logging.SHIPPER), Logging.STORE_PORT)
                        .ingressFrom(AddonPolicy.pods(Logging.UI), Logging.STORE_PORT)
                        .ingressFrom(AddonPolicy.pods(Logging.SETUP), Logging.STORE_PORT)
                        .ingressFrom(AddonPolicy.podsIn(Metrics.NAMESPACE, Metrics.GRAFANA), Logging.STORE_PORT)
                        .ingressFrom(AddonPolicy.pods(STORE), Logging.TRANSPORT_PORT)
                        .egressTo(AddonPolicy.pods(STORE), Logging.TRANSPORT_PORT).build(),
                statefulSet(input, nodes, AddonParts.hash(config)),
                AddonParts.service(NAMESPACE, STORE, STORE, List.of(AddonParts.port("http", Logging.STORE_PORT,
                        Logging.STORE_PORT))),
                headless()));
        for (int i = 0; i < nodes; i++) {
            out.add(AddonParts.claim(NAMESPACE, "data-" + STORE + "-" + i,
                    StorageClassNames.forVolume(env.volumes().logging()), env.volumes().logging().sizeGb()));
        }
        if (nodes > 1) {
            out.add(new PodDisruptionBudgetBuilder().withNewMetadata().withName(STORE).withNamespace(NAMESPACE)
                    .endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(selector(STORE)).endSelector().endSpec().build());
        }
        return out;
    }

    private static String config(int nodes) {
        StringBuilder yml = new StringBuilder()
                .append("cluster.name: logs\n")
                .append("network.host: 0.0.0.0\n")
                .append("node.store.allow_mmap: false\n")
                .append("plugins.security.disabled: true\n")
                .append("action.auto_create_index: true\n");
        if (nodes == 1) {
            yml.append("discovery.type: single-node\n");
        } else {
            String members = IntStream.range(0, nodes).mapToObj(i -> STORE + "-" + i)
                    .collect(Collectors.joining(", "));
            yml.append("discovery.seed_hosts: [").append(STORE).append("-headless]\n")
                    .append("cluster.initial_cluster_manager_nodes: [").append(members).append("]\n");
        }
        return yml.toString();
    }

    private static HasMetadata headless() {
        return new ServiceBuilder().withNewMetadata().withName(STORE + "-headless").withNamespace(NAMESPACE)
                .withLabels(selector(STORE)).endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(selector(STORE))
                .withPorts(AddonParts.port("http", Logging.STORE_PORT, Logging.STORE_PORT),
                        AddonParts.port("transport", Logging.TRANSPORT_PORT, Logging.TRANSPORT_PORT))
                .endSpec().build();
    }

    private static HasMetadata statefulSet(RenderInput input, int nodes, String configHash) {
        String heap = input.environment().protectedEnv() ? "1g" : "512m";
        return new StatefulSetBuilder().withNewMetadata().withName(STORE).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(nodes).withServiceName(STORE + "-headless")
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(selector(STORE)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector(STORE))
                .withAnnotations(Map.of(AddonParts.CONFIG_HASH, configHash)).endMetadata()
                .withNewSpec().withServiceAccountName(STORE).withAutomountServiceAccountToken(false)
                .withSecurityContext(AddonParts.podSecurity(1000))
                .withTopologySpreadConstraints(Spread.overZones(STORE))
                .addToContainers(container(STORE, input.versions().get("addons.opensearch.image"),
                        input.environment().protectedEnv() ? AddonParts.resources("500m", "2Gi", "2Gi")
                                : AddonParts.resources("250m", "1Gi", "1Gi"))
                        .addNewEnv().withName("OPENSEARCH_JAVA_OPTS").withValue("-Xms" + heap + " -Xmx" + heap)
                        .endEnv()
                        .addNewEnv().withName("DISABLE_INSTALL_DEMO_CONFIG").withValue("true").endEnv()
                        .addNewEnv().withName("DISABLE_SECURITY_PLUGIN").withValue("true").endEnv()
                        .addNewEnv().withName("node.name").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                        .addNewPort().withName("http").withContainerPort(Logging.STORE_PORT).endPort()
                        .addNewPort().withName("transport").withContainerPort(Logging.TRANSPORT_PORT).endPort()
                        .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(Logging.STORE_PORT))
                        .endTcpSocket().withPeriodSeconds(10).endReadinessProbe()
                        .editSecurityContext().withReadOnlyRootFilesystem(false).endSecurityContext()
                        .addNewVolumeMount().withName("data").withMountPath("/usr/share/opensearch/data")
                        .endVolumeMount()
                        .addNewVolumeMount().withName("config").withMountPath(
                                "/usr/share/opensearch/config/opensearch.yml").withSubPath("opensearch.yml")
                        .endVolumeMount()
                        .build())
                .addNewVolume().withName("config").withNewConfigMap().withName(CONFIG).endConfigMap().endVolume()
                .endSpec().endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce")
                .withStorageClassName(StorageClassNames.forVolume(input.environment().volumes().logging()))
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .endVolumeClaimTemplate()
                .endSpec().build();
    }
}
