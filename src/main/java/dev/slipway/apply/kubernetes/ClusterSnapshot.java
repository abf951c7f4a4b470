package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * One read of what {@code slipway doctor} looks at, across all namespaces: Nodes, Pods, claims, disruption budgets,
 * Services, the workloads Slipway manages, certificate signing requests, events and the API server's version. Read
 * once, so every check sees the same moment; read-only (no Secret is read).
 *
 * @param serverVersion the API server's {@code /version} gitVersion, e.g. {@code v1.36.3}
 */
public record ClusterSnapshot(String serverVersion, List<Node> nodes, List<Pod> pods,
        List<PersistentVolumeClaim> claims, List<PodDisruptionBudget> budgets, List<Service> services,
        List<Deployment> deployments, List<StatefulSet> statefulSets, List<DaemonSet> daemonSets,
        List<CertificateSigningRequest> signingRequests, List<Event> events) {
    /** The label every object Slipway renders carries (render's CommonLabels). */
    public static final String MANAGED_BY_SLIPWAY = "app.kubernetes.io/managed-by=slipway";

    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        pods = List.copyOf(pods);
        claims = List.copyOf(claims);
        budgets = List.copyOf(budgets);
        services = List.copyOf(services);
        deployments = List.copyOf(deployments);
        statefulSets = List.copyOf(statefulSets);
        daemonSets = List.copyOf(daemonSets);
        signingRequests = List.copyOf(signingRequests);
        events = List.copyOf(events);
    }

    /** Reads everything, retrying what the API server answers with 429/5xx. */
    public static ClusterSnapshot read(KubernetesClient client) {
        ApiRetry retry = ApiRetry.standard();
        String[] managed = MANAGED_BY_SLIPWAY.split("=");
        return new ClusterSnapshot(
                retry.call(() -> client.getKubernetesVersion().getGitVersion()),
                retry.call(() -> client.nodes().list().getItems()),
                retry.call(() -> client.pods().inAnyNamespace().list().getItems()),
                retry.call(() -> client.persistentVolumeClaims().inAnyNamespace().list().getItems()),
                retry.call(() -> client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems()),
                retry.call(() -> client.services().inAnyNamespace().list().getItems()),
                retry.call(() -> client.apps().deployments().inAnyNamespace().withLabel(managed[0], managed[1])
                        .list().getItems()),
                retry.call(() -> client.apps().statefulSets().inAnyNamespace().withLabel(managed[0], managed[1])
                        .list().getItems()),
                retry.call(() -> client.apps().daemonSets().inAnyNamespace().withLabel(managed[0], managed[1])
                        .list().getItems()),
                retry.call(() -> client.certificates().v1().certificateSigningRequests().list().getItems()),
                retry.call(() -> client.v1().events().inAnyNamespace().list().getItems()));
    }
}
