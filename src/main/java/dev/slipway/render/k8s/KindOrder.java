package dev.slipway.render.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;

/**
 * The order in which kinds are applied within a component, as {@code kubectl}-era installers learned it: what others
 * refer to first (CRDs and Namespaces, then RBAC, ServiceAccounts, configuration and storage), then workloads, then
 * what routes to them. Rendered manifests list objects in this order too, so a reader sees them as they are applied.
 */
public final class KindOrder {
    private static final List<String> ORDER = List.of(
            "CustomResourceDefinition", "Namespace", "PriorityClass", "StorageClass", "CSIDriver",
            "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding",
            "ConfigMap", "Secret", "PersistentVolumeClaim",
            "NetworkPolicy", "CiliumNetworkPolicy", "PodDisruptionBudget", "ResourceQuota", "LimitRange",
            "DaemonSet", "Deployment", "StatefulSet", "Job", "CronJob",
            "Service", "Ingress", "APIService",
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    /** Kinds first by {@link #rank}, then namespace, then name. */
    public static final Comparator<HasMetadata> APPLY_ORDER = Comparator
            .comparingInt((HasMetadata o) -> rank(o.getKind()))
            .thenComparing(HasMetadata::getKind)
            .thenComparing(o -> o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace())
            .thenComparing(o -> o.getMetadata().getName());

    private KindOrder() {
    }

    /** The position of {@code kind} in the apply order; kinds not listed (custom resources) come after all others. */
    public static int rank(String kind) {
        int i = ORDER.indexOf(kind);
        return i < 0 ? ORDER.size() : i;
    }
}
