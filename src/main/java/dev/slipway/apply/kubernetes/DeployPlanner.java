package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.render.k8s.ApplySetMembership;
import dev.slipway.render.k8s.KindOrder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Desired against observed: for every rendered object, a server-side dry run of the apply tells what applying it
 * would do (the server's own defaulting, admission and conflict checks included), compared with the live object;
 * the ApplySet's live members that are no longer rendered become prunes. Sends only reads and dry runs.
 */
public final class DeployPlanner {
    private static final String NOT_VALIDATED = "not validated yet: ";
    private final ServerSideApply api;
    private final Concurrently concurrently;

    public DeployPlanner(ServerSideApply api, Concurrently concurrently) {
        this.api = api;
        this.concurrently = concurrently;
    }

    /**
     * @param rendered every rendered component (what the ApplySet should contain afterwards)
     * @param selected the components to deploy now ({@code --only}), a subset of {@code rendered}
     * @param prune    whether live members no longer rendered (of the selected components, or of components no
     *                 longer rendered at all when none was selected) are deleted
     */
    public DeployPlan plan(List<DesiredComponent> rendered, List<DesiredComponent> selected, boolean prune) {
        return plan(rendered, selected, prune, null);
    }

    /**
     * As {@link #plan(List, List, boolean)}, starting from {@code seen} (the look the components were chosen by;
     * null to take one now): only kinds it did not list are listed.
     */
    DeployPlan plan(List<DesiredComponent> rendered, List<DesiredComponent> selected, boolean prune, Observed seen) {
        ApplySetParent parent = new ApplySetParent(api);
        ApplySetParent.Read read = seen != null ? new ApplySetParent.Read(seen.listed(), seen.record())
                : parent.readWithRecord();
        ApplySetParent.Contents listed = read.contents();
        Map<String, String> renderedVersions = new HashMap<>();
        Set<String> groupKinds = new TreeSet<>(listed.groupKinds());
        for (DesiredComponent c : rendered) {
            for (HasMetadata o : c.objects()) {
                ObjectRef ref = ObjectRef.of(o);
                renderedVersions.putIfAbsent(ref.groupKind(), o.getApiVersion());
                groupKinds.add(ref.groupKind());
            }
        }
        // What the rendered objects say first; the record's versions for kinds no longer rendered.
        Map<String, String> versions = new HashMap<>(read.record().versions());
        versions.putAll(renderedVersions);
        Map<ObjectRef, GenericKubernetesResource> members = new java.util.LinkedHashMap<>();
        Set<String> toList = new TreeSet<>(groupKinds);
        if (seen != null) {
            members.putAll(seen.members());
            toList.removeAll(seen.listedKinds());
        }
        if (!toList.isEmpty()) {
            members.putAll(parent.members(toList, versions, concurrently));
        }

        Set<String> liveNamespaces = new HashSet<>();
        members.keySet().stream().filter(r -> r.kind().equals("Namespace")).forEach(r -> liveNamespaces.add(r.name()));
        Set<String> createdNamespaces = new HashSet<>();

        List<ObjectChange> changes = new ArrayList<>();
        for (DesiredComponent c : selected) {
            if (c.vouched()) {
                // The applied record vouches for its live objects: applying the manifest again changes nothing.
                c.objects().forEach(o -> changes.add(new ObjectChange(ObjectRef.of(o), c.name(), ChangeType.UNCHANGED,
                        List.of(), isSecret(ObjectRef.of(o)) ? SecretSummary.of(Json.tree(o)) : "", o)));
                continue;
            }
            // Namespaces first: objects in a namespace this plan creates cannot exist yet, and need no request.
            List<HasMetadata> namespaces = c.objects().stream().filter(DeployPlanner::isNamespace).toList();
            Map<HasMetadata, ObjectChange> planned = new IdentityHashMap<>();
            List<ObjectChange> nsChanges = concurrently.map(namespaces, o -> planOne(c.name(), o, members, Set.of()));
            for (int i = 0; i < namespaces.size(); i++) {
                planned.put(namespaces.get(i), nsChanges.get(i));
                if (nsChanges.get(i).type() == ChangeType.CREATE) {
                    createdNamespaces.add(nsChanges.get(i).ref().name());
                }
            }
            Set<String> created = Set.copyOf(createdNamespaces);
            List<HasMetadata> rest = c.objects().stream().filter(o -> !isNamespace(o)).toList();
            List<ObjectChange> restChanges = concurrently.map(rest, o -> planOne(c.name(), o, members, created));
            for (int i = 0; i < rest.size(); i++) {
                planned.put(rest.get(i), restChanges.get(i));
            }
            c.objects().forEach(o -> changes.add(planned.get(o)));
        }

        Set<ObjectRef> renderedRefs = new HashSet<>();
        Set<String> renderedComponents = new HashSet<>();
        rendered.forEach(c -> {
            renderedComponents.add(c.name());
            c.objects().forEach(o -> renderedRefs.add(ObjectRef.of(o)));
        });
        Set<String> selectedNames = new HashSet<>();
        selected.forEach(c -> selectedNames.add(c.name()));
        boolean all = selectedNames.equals(renderedComponents);
        List<ObjectChange> prunes = new ArrayList<>();
        List<ObjectRef> leftovers = new ArrayList<>();
        for (Map.Entry<ObjectRef, GenericKubernetesResource> m : members.entrySet()) {
            if (renderedRefs.contains(m.getKey())) {
                continue;
            }
            if (m.getValue().getMetadata().getDeletionTimestamp() != null) {
                // Already being deleted (a pruned Namespace terminates for a while): deleting it again changes
                // nothing, and counting it would make the run after a prune report a change that is not one.
                continue;
            }
            String component = componentOf(m.getValue());
            if (!all && !selectedNames.contains(component)) {
                continue;
            }
            if (prune) {
                prunes.add(new ObjectChange(m.getKey(), component, ChangeType.PRUNE, List.of(), "", m.getValue()));
            } else {
                leftovers.add(m.getKey());
            }
        }
        // Dependents before what they live in: workloads before their namespaces, custom resources before CRDs.
        prunes.sort(Comparator.comparingInt((ObjectChange ch) -> -KindOrder.rank(ch.ref().kind()))
                .thenComparing(ObjectChange::ref));
        changes.addAll(prunes);
        leftovers.sort(null);

        ApplySetParent.Contents wanted = contents(rendered);
        return new DeployPlan(selected, changes, leftovers, listed, wanted, all, members, read.record(),
                versions);
    }

    /** The group-kinds and (non-parent) namespaces of every rendered object: what the parent lists after a prune. */
    static ApplySetParent.Contents contents(List<DesiredComponent> rendered) {
        TreeSet<String> gks = new TreeSet<>();
        TreeSet<String> namespaces = new TreeSet<>();
        for (DesiredComponent c : rendered) {
            for (HasMetadata o : c.objects()) {
                ObjectRef ref = ObjectRef.of(o);
                gks.add(ref.groupKind());
                if (ref.namespaced() && !ref.namespace().equals(ApplySetMembership.PARENT_NAMESPACE)) {
                    namespaces.add(ref.namespace());
                }
            }
        }
        return new ApplySetParent.Contents(gks, namespaces);
    }

    private static boolean isNamespace(HasMetadata o) {
        return o.getKind().equals("Namespace") && ObjectRef.of(o).group().isEmpty();
    }

    private ObjectChange planOne(String component, HasMetadata desired,
            Map<ObjectRef, GenericKubernetesResource> members, Set<String> createdNamespaces) {
        ObjectRef ref = ObjectRef.of(desired);
        String secret = isSecret(ref) ? SecretSummary.of(Json.tree(desired)) : "";
        if (ref.namespaced() && createdNamespaces.contains(ref.namespace())) {
            return new ObjectChange(ref, component, ChangeType.CREATE, List.of(), (secret.isEmpty() ? "" : secret
                    + "; ") + NOT_VALIDATED + "its namespace is created first", desired);
        }
        GenericKubernetesResource member = members.get(ref);
        if (member != null) {
            JsonNode want = Json.tree(desired);
            JsonNode have = Json.tree(member);
            if (AppliedHash.same(want, have) && AppliedHash.declaredValuesPresent(want, have)) {
                return new ObjectChange(ref, component, ChangeType.UNCHANGED, List.of(), secret, desired);
            }
        }
        HasMetadata live = member != null ? member : api.get(desired);
        HasMetadata after;
        try {
            after = api.dryRun(desired);
        } catch (KubernetesClientException e) {
            if (FieldConflict.is(e)) {
                return new ObjectChange(ref, component, ChangeType.CONFLICT, List.of(), FieldConflict.describe(e),
                        desired);
            }
            if (live == null && e.getCode() == 404) {
                // The namespace or the CRD of this object does not exist yet; an earlier step of this deploy makes
                // it. The server validates the object when it is applied.
                return new ObjectChange(ref, component, ChangeType.CREATE, List.of(),
                        (secret.isEmpty() ? "" : secret + "; ") + NOT_VALIDATED + missing(e), desired);
            }
            throw new DeployException(ref + " (component " + component + "): the API server refused it: "
                    + reason(e), e);
        }
        JsonNode afterTree = Json.tree(after);
        String detail = isSecret(ref) ? SecretSummary.of(afterTree) : "";
        if (live == null) {
            return new ObjectChange(ref, component, ChangeType.CREATE, List.of(), detail, desired);
        }
        List<String> fields = FieldDiff.between(Json.tree(live), afterTree);
        return new ObjectChange(ref, component, fields.isEmpty() ? ChangeType.UNCHANGED : ChangeType.UPDATE, fields,
                detail, desired);
    }

    private static boolean isSecret(ObjectRef ref) {
        return ref.kind().equals("Secret") && ref.group().isEmpty();
    }

    private static String missing(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : "not found";
    }

    static String reason(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage();
    }

    private static String componentOf(HasMetadata live) {
        Map<String, String> labels = live.getMetadata().getLabels();
        String c = labels == null ? null : labels.get(dev.slipway.render.k8s.CommonLabels.COMPONENT);
        return c == null ? "(unknown component)" : c;
    }
}
