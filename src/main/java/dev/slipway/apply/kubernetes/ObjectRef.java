package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Which object: API group, kind, namespace (empty for cluster-scoped objects) and name. The version is not part of
 * the identity: {@code apps/v1} and a later {@code apps/v2} of one Deployment are the same object.
 */
public record ObjectRef(String group, String kind, String namespace, String name) implements Comparable<ObjectRef> {

    public ObjectRef {
        group = group == null ? "" : group;
        namespace = namespace == null ? "" : namespace;
    }

    public static ObjectRef of(HasMetadata o) {
        return new ObjectRef(groupOf(o.getApiVersion()), o.getKind(), o.getMetadata().getNamespace(),
                o.getMetadata().getName());
    }

    /** The group of an {@code apiVersion}: {@code apps/v1} → {@code apps}, {@code v1} → the core group "". */
    public static String groupOf(String apiVersion) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code Kind.group} as the ApplySet annotation spells it ({@code Deployment.apps}, {@code Namespace}). */
    public String groupKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    public boolean namespaced() {
        return !namespace.isEmpty();
    }

    @Override
    public int compareTo(ObjectRef o) {
        return toString().compareTo(o.toString());
    }

    /** {@code Deployment kube-system/coredns}, {@code Namespace demo}. */
    @Override
    public String toString() {
        return kind + " " + (namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
