package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads, independently of Slipway's own readiness model, whether the Deployments, DaemonSets and StatefulSets among
 * some rendered objects run as wanted: every replica ready and updated, every scheduled daemon ready.
 *
 * @param workloads the workloads looked at ("Deployment ns/name")
 * @param notReady  those that are not ready, with their status
 */
public record ReadyWorkloads(List<String> workloads, List<String> notReady) {
    public static ReadyWorkloads of(KubernetesClient admin, List<HasMetadata> objects) {
        List<String> workloads = new ArrayList<>();
        List<String> notReady = new ArrayList<>();
        for (HasMetadata o : objects) {
            String ns = o.getMetadata().getNamespace();
            String name = o.getMetadata().getName();
            String id = o.getKind() + " " + ns + "/" + name;
            switch (o.getKind()) {
                case "Deployment" -> {
                    Deployment d = admin.apps().deployments().inNamespace(ns).withName(name).get();
                    workloads.add(id);
                    int want = d == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                    if (d == null || want < 1 || !Objects.equals(d.getStatus().getReadyReplicas(), want)
                            || !Objects.equals(d.getStatus().getUpdatedReplicas(), want)) {
                        notReady.add(id + " " + (d == null ? "missing" : d.getStatus()));
                    }
                }
                case "DaemonSet" -> {
                    DaemonSet d = admin.apps().daemonSets().inNamespace(ns).withName(name).get();
                    workloads.add(id);
                    var s = d == null ? null : d.getStatus();
                    if (s == null || s.getDesiredNumberScheduled() == null || s.getDesiredNumberScheduled() < 1
                            || !Objects.equals(s.getNumberReady(), s.getDesiredNumberScheduled())) {
                        notReady.add(id + " " + (d == null ? "missing" : s));
                    }
                }
                case "StatefulSet" -> {
                    StatefulSet d = admin.apps().statefulSets().inNamespace(ns).withName(name).get();
                    workloads.add(id);
                    int want = d == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                    if (d == null || want < 1 || !Objects.equals(d.getStatus().getReadyReplicas(), want)) {
                        notReady.add(id + " " + (d == null ? "missing" : d.getStatus()));
                    }
                }
                default -> {
                }
            }
        }
        return new ReadyWorkloads(workloads, notReady);
    }
}
