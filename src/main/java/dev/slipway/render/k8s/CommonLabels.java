package dev.slipway.render.k8s;

import dev.slipway.spec.Environment;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels every object Slipway renders carries: who manages it, for which environment, as part of which
 * component, and (on the objects themselves, not in selectors) membership of Slipway's ApplySet
 * ({@link ApplySetMembership}). {@code deploy} finds what it owns by these (and prunes only those); operators can
 * select by them.
 */
public final class CommonLabels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "slipway";
    public static final String ENVIRONMENT = "slipway.dev/environment";
    public static final String COMPONENT = "slipway.dev/component";

    private CommonLabels() {
    }

    /** The labels for objects of {@code component} in {@code env}. */
    public static Map<String, String> of(Environment env, String component) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(ENVIRONMENT, env.name());
        labels.put(COMPONENT, component);
        return labels;
    }

    /**
     * Adds the common labels and the ApplySet membership label to {@code object}'s metadata, keeping its own (the
     * common ones win on a clash).
     */
    static void apply(HasMetadata object, Environment env, String component) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null) {
            meta = new ObjectMeta();
            object.setMetadata(meta);
        }
        Map<String, String> labels = new TreeMap<>();
        if (meta.getLabels() != null) {
            labels.putAll(meta.getLabels());
        }
        labels.putAll(of(env, component));
        labels.put(ApplySetMembership.PART_OF, ApplySetMembership.ID_VALUE);
        meta.setLabels(labels);
    }
}
