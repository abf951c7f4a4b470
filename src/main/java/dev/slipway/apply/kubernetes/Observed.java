package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import java.util.Set;

/**
 * One look at the ApplySet a deploy starts with: what the parent lists, the applied record it keeps, and the live
 * members of the group-kinds listed. Taken once, before the components are parsed (to know which need it), and used
 * again by the plan, so a no-op deploy reads the parent once and lists each kind once.
 *
 * @param listedKinds the group-kinds whose members are in {@code members}
 */
record Observed(ApplySetParent.Contents listed, AppliedRecord record, Set<String> listedKinds,
        Map<ObjectRef, GenericKubernetesResource> members) {
    Observed {
        listedKinds = Set.copyOf(listedKinds);
        members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
    }
}
