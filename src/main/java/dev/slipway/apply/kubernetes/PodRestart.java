package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Deletes one Pod so that its controller (ReplicaSet, StatefulSet, DaemonSet) makes a fresh one: what an operator
 * does by hand for a Pod stuck in a crash loop. Only the Pod with the given UID, unchanged since it was read, is
 * deleted, so a Pod already replaced under the same name (a StatefulSet's) is left alone.
 */
public final class PodRestart {
    private final KubernetesClient client;

    public PodRestart(KubernetesClient client) {
        this.client = client;
    }

    /** Whether the Pod was deleted (false: it was already gone or replaced). */
    public boolean restart(String namespace, String name, String uid) {
        var pod = client.pods().inNamespace(namespace).withName(name);
        var live = pod.get();
        if (live == null || !uid.equals(live.getMetadata().getUid())) {
            return false;
        }
        // The resource version as a precondition: a Pod changed since it was read is not deleted blind.
        return !ApiRetry.standard().call(() -> pod.lockResourceVersion(live.getMetadata().getResourceVersion())
                .delete()).isEmpty();
    }
}
