package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Logging.NAMESPACE;
import static dev.slipway.render.k8s.addons.Logging.UI;
import static dev.slipway.render.k8s.addons.Logging.UI_PORT;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;

/**
 * The log UI: OpenSearch Dashboards, talking to the store inside the namespace, reached by people only through the
 * API server's service proxy ({@code slipway dashboards}). The index pattern {@code logs-*} is created by the setup
 * Job ({@link LoggingSetup}).
 */
public final class OpenSearchDashboards implements ClusterComponent {
    private static final String CONFIG = "opensearch-dashboards-config";

    @Override
    public String name() {
        return UI;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().logging().enabled()) {
            return List.of();
        }
        Map<String, String> config = Map.of("opensearch_dashboards.yml", ""
                + "server.host: 0.0.0.0\n"
                + "opensearch.hosts: [" + Logging.STORE_URL + "]\n"
                // No opensearch_security.* key: the security plugin is off in the store (see OpenSearch), so
                // DISABLE_SECURITY_DASHBOARDS_PLUGIN below makes the image's entrypoint remove the UI plugin, and
                // Dashboards exits on a key no plugin claims. The entrypoint would delete such keys itself, but it
                // rewrites this file, which is a read-only ConfigMap mount (its failed write is logged and ignored:
                // the script has no `set -e`).
                + "telemetry.enabled: false\n");
        return List.of(
                AddonParts.serviceAccount(NAMESPACE, UI, false),
                AddonParts.configMap(NAMESPACE, CONFIG, config),
                NodePeersPolicy.forPods(NAMESPACE, UI).ingressFromApiServerProxy(UI_PORT).build(),
                AddonPolicy.forPods(NAMESPACE, UI)
                        .ingressFrom(AddonPolicy.pods(Logging.SETUP), UI_PORT)
                        .egressTo(AddonPolicy.pods(Logging.STORE), Logging.STORE_PORT).build(),
                new DeploymentBuilder().withNewMetadata().withName(UI).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().withReplicas(1)
                        .withNewSelector().withMatchLabels(selector(UI)).endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(selector(UI))
                        .withAnnotations(Map.of(AddonParts.CONFIG_HASH, AddonParts.hash(config))).endMetadata()
                        .withNewSpec().withServiceAccountName(UI).withAutomountServiceAccountToken(false)
                        .withSecurityContext(AddonParts.podSecurity(1000))
                        .addToContainers(container(UI, input.versions().get("addons.opensearchDashboards.image"),
                                AddonParts.resources("100m", "512Mi", "1Gi"))
                                .addNewEnv().withName("DISABLE_SECURITY_DASHBOARDS_PLUGIN").withValue("true")
                                .endEnv()
                                .addNewPort().withName("http").withContainerPort(UI_PORT).endPort()
                                .withNewReadinessProbe().withNewTcpSocket().withPort(new IntOrString(UI_PORT))
                                .endTcpSocket().endReadinessProbe()
                                // Dashboards optimizes its bundles into its own folder at start
                                .editSecurityContext().withReadOnlyRootFilesystem(false).endSecurityContext()
                                .addNewVolumeMount().withName("config").withMountPath(
                                        "/usr/share/opensearch-dashboards/config/opensearch_dashboards.yml")
                                .withSubPath("opensearch_dashboards.yml").endVolumeMount()
                                .build())
                        .addNewVolume().withName("config").withNewConfigMap().withName(CONFIG).endConfigMap()
                        .endVolume()
                        .endSpec().endTemplate().endSpec().build(),
                AddonParts.service(NAMESPACE, UI, UI, List.of(AddonParts.port("http", 80, UI_PORT))));
    }
}
