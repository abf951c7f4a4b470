package dev.slipway.apply.kubernetes;

import dev.slipway.render.k8s.ApplySetMembership;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The parent object of Slipway's ApplySet (see {@link ApplySetMembership}): a Secret without data whose annotations
 * list every group-kind and every namespace Slipway's objects live in. That list is what makes pruning safe and
 * complete: only objects of those kinds, carrying the member label with this set's id, are ever candidates.
 *
 * <p>Before members are written the lists are widened to the union of old and new (so a run killed half way leaves
 * every member findable); after a complete prune they are narrowed to what is rendered now.
 */
public final class ApplySetParent {
    private final ServerSideApply api;

    public ApplySetParent(ServerSideApply api) {
        this.api = api;
    }

    /** What the parent lists now: group-kinds and namespaces; empty sets when there is no parent yet. */
    public record Contents(SortedSet<String> groupKinds, SortedSet<String> namespaces) {
        static Contents empty() {
            return new Contents(new TreeSet<>(), new TreeSet<>());
        }

        public Contents union(Contents other) {
            SortedSet<String> gks = new TreeSet<>(groupKinds);
            gks.addAll(other.groupKinds);
            SortedSet<String> ns = new TreeSet<>(namespaces);
            ns.addAll(other.namespaces);
            return new Contents(gks, ns);
        }
    }

    /** What the parent lists, and the applied record it keeps ({@link AppliedRecord}). */
    public record Read(Contents contents, AppliedRecord record) {
    }

    public Contents read() {
        return readWithRecord().contents();
    }

    public Read readWithRecord() {
        Secret parent;
        try {
            parent = api.retry().call(() -> api.client().secrets().inNamespace(ApplySetMembership.PARENT_NAMESPACE)
                    .withName(ApplySetMembership.PARENT_NAME).get());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("cannot read the ApplySet parent " + where() + ": " + e.getMessage(), e);
        }
        if (parent == null) {
            return new Read(Contents.empty(), AppliedRecord.empty());
        }
        Map<String, String> labels = parent.getMetadata().getLabels() == null ? Map.of()
                : parent.getMetadata().getLabels();
        Map<String, String> annotations = parent.getMetadata().getAnnotations() == null ? Map.of()
                : parent.getMetadata().getAnnotations();
        String tooling = annotations.getOrDefault(ApplySetMembership.TOOLING, "");
        if (!ApplySetMembership.ID_VALUE.equals(labels.get(ApplySetMembership.ID))
                || !tooling.startsWith("slipway/")) {
            throw new IllegalStateException(where() + " exists but is not Slipway's ApplySet parent (id label "
                    + labels.get(ApplySetMembership.ID) + ", tooling '" + tooling + "'); not touching it");
        }
        return new Read(new Contents(split(annotations.get(ApplySetMembership.CONTAINS_GROUP_KINDS)),
                split(annotations.get(ApplySetMembership.ADDITIONAL_NAMESPACES))),
                AppliedRecord.parse(annotations.get(AppliedRecord.ANNOTATION)));
    }

    /**
     * Makes the parent list exactly {@code wanted}; sends nothing when {@code current} (what it lists now; empty
     * when there is no parent, as a parent always lists at least one kind) already is that.
     */
    public void write(Contents current, Contents wanted) {
        write(current, wanted, AppliedRecord.empty(), AppliedRecord.empty());
    }

    /**
     * As {@link #write(Contents, Contents)}, the parent also keeping {@code wantedRecord}; sends nothing when both
     * the contents and the record ({@code currentRecord} now) are already what is wanted.
     */
    public void write(Contents current, Contents wanted, AppliedRecord currentRecord, AppliedRecord wantedRecord) {
        String record = wantedRecord.format();
        if (current.equals(wanted) && currentRecord.format().equals(record)) {
            return;
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ApplySetMembership.TOOLING, ApplySetMembership.TOOLING_VALUE);
        annotations.put(ApplySetMembership.CONTAINS_GROUP_KINDS, String.join(",", wanted.groupKinds()));
        annotations.put(ApplySetMembership.ADDITIONAL_NAMESPACES, String.join(",", wanted.namespaces()));
        if (!record.isEmpty()) {
            annotations.put(AppliedRecord.ANNOTATION, record);
        }
        Secret parent = new SecretBuilder().withNewMetadata()
                .withName(ApplySetMembership.PARENT_NAME).withNamespace(ApplySetMembership.PARENT_NAMESPACE)
                .addToLabels(ApplySetMembership.ID, ApplySetMembership.ID_VALUE)
                .addToLabels("app.kubernetes.io/managed-by", "slipway")
                .withAnnotations(annotations).endMetadata().build();
        api.apply(parent);
    }

    /**
     * Every live member of the set, of the listed group-kinds, by identity. {@code versions} maps group-kinds to an
     * apiVersion where the caller knows one (from rendered objects); others are looked up in the API's discovery.
     * A kind the server no longer serves (its CRD is gone) has no members left to find.
     */
    public Map<ObjectRef, GenericKubernetesResource> members(Set<String> groupKinds, Map<String, String> versions) {
        try (Concurrently one = new Concurrently(1)) {
            return members(groupKinds, versions, one);
        }
    }

    /** As {@link #members(Set, Map)}, the kinds listed side by side. */
    Map<ObjectRef, GenericKubernetesResource> members(Set<String> groupKinds, Map<String, String> versions,
            Concurrently concurrently) {
        List<String> kinds = List.copyOf(groupKinds);
        List<List<GenericKubernetesResource>> listed = concurrently.map(kinds, gk -> {
            int dot = gk.indexOf('.');
            String kind = dot < 0 ? gk : gk.substring(0, dot);
            String group = dot < 0 ? "" : gk.substring(dot + 1);
            Optional<String> apiVersion = Optional.ofNullable(versions.get(gk)).or(() -> preferredVersion(group));
            return apiVersion.isEmpty() ? List.<GenericKubernetesResource>of() : api.list(apiVersion.get(), kind,
                    ApplySetMembership.PART_OF, ApplySetMembership.ID_VALUE);
        });
        Map<ObjectRef, GenericKubernetesResource> members = new LinkedHashMap<>();
        listed.forEach(items -> items.forEach(o -> members.put(ObjectRef.of(o), o)));
        return members;
    }

    private Optional<String> preferredVersion(String group) {
        if (group.isEmpty()) {
            return Optional.of("v1");
        }
        APIGroup g = api.retry().call(() -> api.client().getApiGroup(group));
        return g == null || g.getPreferredVersion() == null ? Optional.empty()
                : Optional.of(g.getPreferredVersion().getGroupVersion());
    }

    private static SortedSet<String> split(String value) {
        SortedSet<String> out = new TreeSet<>();
        if (value != null && !value.isBlank()) {
            Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    static String where() {
        return "Secret " + ApplySetMembership.PARENT_NAMESPACE + "/" + ApplySetMembership.PARENT_NAME;
    }
}
