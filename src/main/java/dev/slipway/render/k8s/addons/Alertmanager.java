package dev.slipway.render.k8s.addons;

import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Metrics.ALERTMANAGER;
import static dev.slipway.render.k8s.addons.Metrics.ALERTMANAGER_PORT;
import static dev.slipway.render.k8s.addons.Metrics.NAMESPACE;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import dev.slipway.render.k8s.workloads.SecretAnnotations;
import dev.slipway.spec.AlertingSpec;
import dev.slipway.spec.Environment;
import dev.slipway.spec.SecretSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Alertmanager: groups Prometheus' alerts and, when {@code addons.alerting.webhookSecret} names a secret, sends them
 * to its webhook. The URL is never rendered: the Secret {@code alertmanager-webhook} carries no data, only where its
 * value comes from at apply time (the spec secret's environment variables), and Alertmanager reads it from a file.
 */
public final class Alertmanager implements ClusterComponent {
    static final String WEBHOOK_SECRET = "alertmanager-webhook";
    private static final String CONFIG = "alertmanager-config";

    @Override
    public String name() {
        return ALERTMANAGER;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        Environment env = input.environment();
        if (!env.addons().metrics().enabled()) {
            return List.of();
        }
        AlertingSpec alerting = env.addons().alerting();
        Optional<SecretSpec> webhook = alerting.webhookSecret().map(env.secrets()::get);
        Map<String, String> config = Map.of("alertmanager.yml", config(webhook.map(s -> alerting.webhookKey())));
        List<HasMetadata> out = new ArrayList<>(List.of(
                AddonParts.serviceAccount(NAMESPACE, ALERTMANAGER, false),
                AddonParts.configMap(NAMESPACE, CONFIG, config),
                AddonPolicy.forPods(NAMESPACE, ALERTMANAGER)
                        .ingressFrom(AddonPolicy.pods(Metrics.PROMETHEUS), ALERTMANAGER_PORT)
                        .ingressFrom(AddonPolicy.pods(Metrics.GRAFANA), ALERTMANAGER_PORT)
                        // the receiver may be anywhere outside the cluster, over HTTPS
                        .egressTo(AddonPolicy.internet(env), 443).build(),
                deployment(input, AddonParts.hash(config), webhook.isPresent()),
                AddonParts.service(NAMESPACE, ALERTMANAGER, ALERTMANAGER, List.of(AddonParts.port("http",
                        ALERTMANAGER_PORT, ALERTMANAGER_PORT)))));
        webhook.ifPresent(s -> {
            Map<String, String> annotations = new TreeMap<>();
            annotations.put(SecretAnnotations.VALUES_FROM, SecretAnnotations.ENV_SOURCE + s.fromEnvPrefix());
            annotations.put(SecretAnnotations.KEYS, alerting.webhookKey());
            out.add(new SecretBuilder().withNewMetadata().withName(WEBHOOK_SECRET).withNamespace(NAMESPACE)
                    .withAnnotations(annotations).endMetadata().withType("Opaque").build());
        });
        return out;
    }

    static String config(Optional<String> webhookKey) {
        String receiver = webhookKey.map(key -> """
                - name: default
                  webhook_configs:
                  - url_file: /etc/alertmanager/webhook/%s
                    send_resolved: true
                """.formatted(key)).orElse("- name: default\n");
        // The always-firing Watchdog goes to a receiver without integration, as kube-prometheus routes it
        // (manifests/alertmanager-secret.yaml, v0.16.0): Alertmanager's alert list shows it, the webhook is not
        // woken every repeat_interval.
        return """
                route:
                  receiver: default
                  group_by: [alertname, namespace]
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 4h
                  routes:
                  - matchers: ['alertname = "%s"']
                    receiver: heartbeat
                receivers:
                - name: heartbeat
                """.formatted(AlertRules.WATCHDOG) + receiver;
    }

    private static HasMetadata deployment(RenderInput input, String configHash, boolean webhook) {
        Map<String, String> annotations = new TreeMap<>(Map.of(AddonParts.CONFIG_HASH, configHash));
        var c = container(ALERTMANAGER, input.versions().get("addons.alertmanager.image"),
                AddonParts.resources("10m", "32Mi", "128Mi"))
                .withArgs("--config.file=/etc/alertmanager/alertmanager.yml", "--storage.path=/alertmanager")
                .addNewPort().withName("http").withContainerPort(ALERTMANAGER_PORT).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath("/-/ready")
                .withPort(new IntOrString(ALERTMANAGER_PORT)).endHttpGet().endReadinessProbe()
                .addNewVolumeMount().withName("config").withMountPath("/etc/alertmanager").endVolumeMount()
                .addNewVolumeMount().withName("data").withMountPath("/alertmanager").endVolumeMount();
        PodSpecBuilder pod = new PodSpecBuilder().withServiceAccountName(ALERTMANAGER)
                .withAutomountServiceAccountToken(false).withSecurityContext(AddonParts.podSecurity(65534))
                .addNewVolume().withName("config").withNewConfigMap().withName(CONFIG).endConfigMap().endVolume()
                // silences live here; losing them on a restart is acceptable for this platform
                .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume();
        if (webhook) {
            annotations.put(AddonParts.USES_SECRETS, WEBHOOK_SECRET);
            c.addNewVolumeMount().withName("webhook").withMountPath("/etc/alertmanager/webhook").withReadOnly(true)
                    .endVolumeMount();
            pod.addNewVolume().withName("webhook").withNewSecret().withSecretName(WEBHOOK_SECRET).endSecret()
                    .endVolume();
        }
        pod.addToContainers(c.build());
        return new DeploymentBuilder().withNewMetadata().withName(ALERTMANAGER).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(selector(ALERTMANAGER)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector(ALERTMANAGER)).withAnnotations(annotations)
                .endMetadata().withSpec(pod.build()).endTemplate().endSpec().build();
    }
}
