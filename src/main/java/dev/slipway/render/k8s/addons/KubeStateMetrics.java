package dev.slipway.render.k8s.addons;

import dev.slipway.render.k8s.NodePeersPolicy;
import static dev.slipway.render.k8s.addons.AddonParts.container;
import static dev.slipway.render.k8s.addons.AddonParts.selector;
import static dev.slipway.render.k8s.addons.Metrics.KUBE_STATE_METRICS;
import static dev.slipway.render.k8s.addons.Metrics.KUBE_STATE_METRICS_PORT;
import static dev.slipway.render.k8s.addons.Metrics.NAMESPACE;

import dev.slipway.render.RenderInput;
import dev.slipway.render.k8s.ClusterComponent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import java.util.List;

/**
 * kube-state-metrics: the state of objects as metrics (node conditions, pod phases and restarts, rollouts, claims),
 * which the alert rules and the workload dashboards read. It watches only the kinds it reports on, never Secrets.
 */
public final class KubeStateMetrics implements ClusterComponent {

    @Override
    public String name() {
        return KUBE_STATE_METRICS;
    }

    @Override
    public List<HasMetadata> objects(RenderInput input) {
        if (!input.environment().addons().metrics().enabled()) {
            return List.of();
        }
        return List.of(
                AddonParts.serviceAccount(NAMESPACE, KUBE_STATE_METRICS, true),
                new ClusterRoleBuilder().withNewMetadata().withName("slipway-kube-state-metrics").endMetadata()
                        .addNewRule().withApiGroups("").withResources("nodes", "pods", "namespaces", "services",
                                "persistentvolumeclaims", "persistentvolumes").withVerbs("list", "watch").endRule()
                        .addNewRule().withApiGroups("apps").withResources("deployments", "statefulsets",
                                "daemonsets", "replicasets").withVerbs("list", "watch").endRule()
                        .addNewRule().withApiGroups("batch").withResources("jobs", "cronjobs")
                        .withVerbs("list", "watch").endRule()
                        .addNewRule().withApiGroups("policy").withResources("poddisruptionbudgets")
                        .withVerbs("list", "watch").endRule()
                        .build(),
                AddonParts.clusterRoleBinding("slipway-kube-state-metrics", "slipway-kube-state-metrics",
                        NAMESPACE, KUBE_STATE_METRICS),
                AddonPolicy.forPods(NAMESPACE, KUBE_STATE_METRICS)
                        .ingressFrom(AddonPolicy.pods(Metrics.PROMETHEUS), KUBE_STATE_METRICS_PORT).build(),
                NodePeersPolicy.forPods(NAMESPACE, KUBE_STATE_METRICS).egressToApiServer().build(),
                new DeploymentBuilder().withNewMetadata().withName(KUBE_STATE_METRICS).withNamespace(NAMESPACE)
                        .endMetadata().withNewSpec().withReplicas(1)
                        .withNewSelector().withMatchLabels(selector(KUBE_STATE_METRICS)).endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(selector(KUBE_STATE_METRICS)).endMetadata()
                        .withNewSpec().withServiceAccountName(KUBE_STATE_METRICS)
                        .withSecurityContext(AddonParts.podSecurity(65534))
                        .addToContainers(container(KUBE_STATE_METRICS,
                                input.versions().get("addons.kubeStateMetrics.image"),
                                AddonParts.resources("20m", "64Mi", "256Mi"))
                                .withArgs("--port=" + KUBE_STATE_METRICS_PORT, "--telemetry-port=8081",
                                        "--resources=nodes,pods,namespaces,services,persistentvolumeclaims,"
                                                + "persistentvolumes,deployments,statefulsets,daemonsets,"
                                                + "replicasets,jobs,cronjobs,poddisruptionbudgets")
                                .addNewPort().withName("metrics").withContainerPort(KUBE_STATE_METRICS_PORT).endPort()
                                .withNewReadinessProbe().withNewHttpGet().withPath("/")
                                .withPort(new IntOrString(8081)).endHttpGet().endReadinessProbe()
                                .build())
                        .endSpec().endTemplate().endSpec().build(),
                AddonParts.service(NAMESPACE, KUBE_STATE_METRICS, KUBE_STATE_METRICS, List.of(AddonParts.port(
                        "metrics", KUBE_STATE_METRICS_PORT, KUBE_STATE_METRICS_PORT))));
    }
}
