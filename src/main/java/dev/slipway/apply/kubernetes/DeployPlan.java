package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The typed change list of one {@code deploy}: every rendered object with what applying it does (from a server-side
 * dry run), plus the objects {@code --prune} deletes. Empty means nothing would be written.
 *
 * @param components the components, in deploy order, with their objects as they will be applied
 * @param changes    one entry per object, in deploy order; prunes last
 * @param leftovers  objects Slipway applied before and no longer renders, when {@code --prune} was not given
 * @param listed     what the ApplySet parent lists now
 * @param rendered   what it lists once nothing but rendered objects is left
 * @param everything whether every rendered component is deployed (no {@code --only})
 * @param observed   the ApplySet's live members when planning (the first readiness look at unchanged objects)
 * @param record     the applied record the parent kept when planning
 * @param versions   the apiVersion each group-kind was listed by
 */
public record DeployPlan(List<DesiredComponent> components, List<ObjectChange> changes, List<ObjectRef> leftovers,
        ApplySetParent.Contents listed, ApplySetParent.Contents rendered, boolean everything,
        Map<ObjectRef, ? extends HasMetadata> observed, AppliedRecord record, Map<String, String> versions) {
    public DeployPlan {
        components = List.copyOf(components);
        changes = List.copyOf(changes);
        leftovers = List.copyOf(leftovers);
        observed = Map.copyOf(observed);
        versions = Map.copyOf(versions);
    }

    public Map<ChangeType, Integer> counts() {
        Map<ChangeType, Integer> counts = new EnumMap<>(ChangeType.class);
        for (ChangeType t : ChangeType.values()) {
            counts.put(t, 0);
        }
        changes.forEach(c -> counts.merge(c.type(), 1, Integer::sum));
        return counts;
    }

    /** How many objects applying this plan writes (creates, changes, prunes). */
    public int writes() {
        return (int) changes.stream().filter(c -> c.type().writes()).count();
    }

    public List<ObjectChange> conflicts() {
        return changes.stream().filter(c -> c.type() == ChangeType.CONFLICT).toList();
    }

    public List<ObjectChange> of(String component) {
        return changes.stream().filter(c -> c.component().equals(component)).toList();
    }
}
