package dev.slipway.apply.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.slipway.render.k8s.ApplySetMembership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One look at many live objects, as cheaply for the API server as it goes: where at least {@value #LIST_FROM}
 * objects of one kind are wanted, one LIST of that kind's ApplySet members (all namespaces) stands in for their GETs
 * (waiting for 150 Deployments then costs one request per poll instead of 150, load the API server would otherwise
 * take away from the controllers rolling them out); fewer objects of a kind, and any object the listing does not
 * show (one without the member label, or not created yet), are read one by one, so the answer is the same as a GET
 * of each.
 */
final class LiveObjects {
    /** From how many objects of one kind a LIST is cheaper than their GETs (a LIST answers with every member). */
    static final int LIST_FROM = 4;
    private final ServerSideApply api;
    private final Concurrently concurrently;

    LiveObjects(ServerSideApply api, Concurrently concurrently) {
        this.api = api;
        this.concurrently = concurrently;
    }

    /**
     * The live state of each of {@code objects} (in their order; missing node when absent), taking those in
     * {@code known} as they are (a look just taken elsewhere).
     */
    List<JsonNode> look(List<HasMetadata> objects, Map<ObjectRef, HasMetadata> known) {
        Map<String, List<HasMetadata>> byKind = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            if (!known.containsKey(ObjectRef.of(o))) {
                byKind.computeIfAbsent(o.getApiVersion() + " " + o.getKind(), k -> new ArrayList<>()).add(o);
            }
        }
        List<HasMetadata> listedKinds = byKind.values().stream().filter(l -> l.size() >= LIST_FROM)
                .map(l -> l.get(0)).toList();
        Map<ObjectRef, HasMetadata> seen = new HashMap<>(known);
        concurrently.map(listedKinds, o -> api.list(o.getApiVersion(), o.getKind(), ApplySetMembership.PART_OF,
                ApplySetMembership.ID_VALUE)).forEach(items -> {
                    for (GenericKubernetesResource item : items) {
                        seen.putIfAbsent(ObjectRef.of(item), item);
                    }
                });
        List<HasMetadata> unseen = objects.stream().filter(o -> !seen.containsKey(ObjectRef.of(o))).toList();
        List<HasMetadata> read = concurrently.map(unseen, api::get);
        for (int i = 0; i < unseen.size(); i++) {
            if (read.get(i) != null) {
                seen.put(ObjectRef.of(unseen.get(i)), read.get(i));
            }
        }
        return objects.stream().map(o -> seen.containsKey(ObjectRef.of(o)) ? Json.tree(seen.get(ObjectRef.of(o)))
                : (JsonNode) MissingNode.getInstance()).toList();
    }
}
