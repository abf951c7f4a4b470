package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * The few requests {@code deploy} sends for one object, each retried by {@link ApiRetry}: read it, apply it
 * server-side under the one field manager {@value #FIELD_MANAGER} (for real or as a dry run), delete it.
 */
public final class ServerSideApply {
    public static final String FIELD_MANAGER = "slipway";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final KubernetesClient client;
    private final ApiRetry retry;
    private final boolean forceConflicts;

    public ServerSideApply(KubernetesClient client, ApiRetry retry, boolean forceConflicts) {
        this.client = client;
        this.retry = retry;
        this.forceConflicts = forceConflicts;
    }

    public KubernetesClient client() {
        return client;
    }

    public ApiRetry retry() {
        return retry;
    }

    /** The live object, or null. */
    public HasMetadata get(HasMetadata object) {
        return retry.call(() -> client.resource(object).get());
    }

    /** What the object would look like after applying it; writes nothing. */
    public HasMetadata dryRun(HasMetadata object) {
        return retry.call(() -> ssa(client.resource(stripped(object)).dryRun().fieldManager(FIELD_MANAGER)));
    }

    public HasMetadata apply(HasMetadata object) {
        return retry.call(() -> ssa(client.resource(stripped(object)).fieldManager(FIELD_MANAGER)));
    }

    private <T> T ssa(ServerSideApplicable<T> op) {
        return forceConflicts ? op.forceConflicts().serverSideApply() : op.serverSideApply();
    }

    /** Deletes a live object (background propagation: its dependents are collected by the garbage collector). */
    public void delete(GenericKubernetesResource live) {
        retry.run(() -> client.resource(live).delete());
    }

    public List<GenericKubernetesResource> list(String apiVersion, String kind, String labelKey, String labelValue) {
        return retry.call(() -> client.genericKubernetesResources(apiVersion, kind).inAnyNamespace()
                .withLabel(labelKey, labelValue).list().getItems());
    }

    /**
     * Server-side apply needs an object without resourceVersion (it would turn the apply into a compare-and-set) and
     * without managed fields. A rendered object has neither (fabric8 gives it an empty managed-fields list, which is
     * not sent), so it goes as it is: copying it cost a cold deploy of 550 objects 40% of its CPU time (a new
     * serializer per copy builds its (de)serializers from scratch; profiled in bench/README.md).
     */
    static HasMetadata stripped(HasMetadata object) {
        List<?> managed = object.getMetadata().getManagedFields();
        if (object.getMetadata().getResourceVersion() == null && (managed == null || managed.isEmpty())) {
            return object;
        }
        HasMetadata copy = SERIALIZATION.clone(object);
        copy.getMetadata().setResourceVersion(null);
        copy.getMetadata().setManagedFields(null);
        return copy;
    }
}
