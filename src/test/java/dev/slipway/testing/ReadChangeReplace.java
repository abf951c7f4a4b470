package dev.slipway.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.UnaryOperator;

/**
 * A test's change to an object that controllers update meanwhile (kwok and the node lifecycle controller a Node's
 * status and taints, the deployment controller a Deployment's status, the disruption controller a budget's status):
 * read, change the fresh copy, replace it with the read {@code resourceVersion}, and on 409 Conflict read and change
 * again. fabric8's {@code edit} sends a JSON patch computed from a copy that may be stale by then, which failed with
 * 409 or 422 in CI (PATCH /api/v1/nodes/controller-1 ... 422 Invalid), or silently dropped the other writer's change.
 */
public final class ReadChangeReplace {
    /** Enough for a Node that kwok heartbeats every few hundred milliseconds; a real conflict storm still fails. */
    static final int ATTEMPTS = 20;

    private ReadChangeReplace() {
    }

    /**
     * Applies {@code change} to a fresh read of {@code target} and replaces it, as often as a 409 asks for (at most
     * {@value #ATTEMPTS} times). {@code change} is applied to each read again, so it must depend on its argument only.
     *
     * @return the object as the API server stored it
     */
    public static <T extends HasMetadata> T replace(KubernetesClient client, Resource<T> target,
            UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            T read = target.require();
            T changed = change.apply(read);
            changed.getMetadata().setResourceVersion(read.getMetadata().getResourceVersion());
            try {
                return client.resource(changed).update();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
