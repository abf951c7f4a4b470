package dev.slipway.operate.doctor;

import dev.slipway.apply.kubernetes.ClusterSnapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The add-ons in the sense of {@code doctor}: the workloads Slipway deployed (labelled
 * {@code app.kubernetes.io/managed-by=slipway}; their Pod templates do not carry the label) and their Pods, found by
 * each workload's selector.
 */
final class AddonPods {
    private AddonPods() {
    }

    static List<HasMetadata> workloads(ClusterSnapshot cluster) {
        return Stream.of(cluster.deployments(), cluster.statefulSets(), cluster.daemonSets())
                .flatMap(List::stream).map(w -> (HasMetadata) w).toList();
    }

    /** Every Pod of every Slipway-managed workload, once. */
    static List<Pod> of(ClusterSnapshot cluster) {
        return workloads(cluster).stream().flatMap(w -> of(w, cluster).stream()).distinct().toList();
    }

    /** The workload's Pods: same namespace, labels matching its selector's matchLabels. */
    static List<Pod> of(HasMetadata w, ClusterSnapshot cluster) {
        LabelSelector selector = null;
        if (w instanceof Deployment d) {
            selector = d.getSpec().getSelector();
        } else if (w instanceof StatefulSet s) {
            selector = s.getSpec().getSelector();
        } else if (w instanceof DaemonSet d) {
            selector = d.getSpec().getSelector();
        }
        if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
            return List.of();
        }
        Map<String, String> want = selector.getMatchLabels();
        return cluster.pods().stream()
                .filter(p -> w.getMetadata().getNamespace().equals(p.getMetadata().getNamespace()))
                .filter(p -> p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().entrySet().containsAll(want.entrySet()))
                .toList();
    }
}
