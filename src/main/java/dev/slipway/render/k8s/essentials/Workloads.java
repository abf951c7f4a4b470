package dev.slipway.render.k8s.essentials;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workload skeletons of the essentials: the Pod template carries the selector's labels, every Pod a priority
 * class, a service account and tolerations; DaemonSets replace one node's Pod at a time.
 */
final class Workloads {
    private Workloads() {
    }

    /** A Pod spec with what every essential Pod declares; containers and volumes are added by the caller. */
    static PodSpecBuilder pod(String priorityClass, String serviceAccount, List<Toleration> tolerations) {
        return new PodSpecBuilder()
                .withPriorityClassName(priorityClass)
                .withServiceAccountName(serviceAccount)
                .withTolerations(tolerations);
    }

    static Deployment deployment(String namespace, String name, Map<String, String> labels, int replicas,
            PodSpec pod) {
        Map<String, String> sorted = new TreeMap<>(labels);
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().withMatchLabels(sorted).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(sorted).endMetadata().withSpec(pod).endTemplate()
                .endSpec()
                .build();
    }

    static DaemonSet daemonSet(String namespace, String name, Map<String, String> labels, PodSpec pod) {
        Map<String, String> sorted = new TreeMap<>(labels);
        return new DaemonSetBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec()
                    .withNewSelector().withMatchLabels(sorted).endSelector()
                    .withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate()
                        .withMaxUnavailable(new IntOrString(1)).endRollingUpdate().endUpdateStrategy()
                    .withNewTemplate().withNewMetadata().withLabels(sorted).endMetadata().withSpec(pod).endTemplate()
                .endSpec()
                .build();
    }

    /** Never two replicas on one node: losing a controller must not take every replica with it. */
    static Affinity onePerNode(Map<String, String> labels) {
        return new AffinityBuilder().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution()
                    .withTopologyKey("kubernetes.io/hostname")
                    .withNewLabelSelector().withMatchLabels(new TreeMap<>(labels)).endLabelSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution()
                .endPodAntiAffinity().build();
    }
}
