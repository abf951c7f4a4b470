package dev.slipway.operate.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds objects that use an API version the target release no longer serves. Pure: it looks at objects it is given.
 * <ul>
 * <li>Rendered objects (what {@code deploy} would apply): their own {@code apiVersion}.</li>
 * <li>Live objects: the API server converts stored objects to any version it serves, so a list tells nothing by
 * itself; what shows that a writer still uses an old API version is the record writers leave on the object:
 * {@code kubectl apply}'s last-applied annotation (its {@code apiVersion}), and {@code metadata.managedFields}, where
 * the API server notes the API version each manager wrote through (the signals kubent and pluto read too). A
 * manifest or controller that writes through a removed version fails after the upgrade.</li>
 * </ul>
 */
public final class RemovedApiScan {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RemovedApis table;
    private final KubernetesRelease target;

    public RemovedApiScan(RemovedApis table, KubernetesRelease target) {
        this.table = table;
        this.target = target;
    }

    /** Rendered objects, {@code where} naming their folder. */
    public List<RemovedApiUse> rendered(String where, List<? extends HasMetadata> objects) {
        List<RemovedApiUse> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            table.removal(o.getApiVersion(), o.getKind(), target).ifPresent(r -> out.add(new RemovedApiUse(
                    name(o), "rendered in " + where + " with", r)));
        }
        return out;
    }

    /** Live objects, as read through any API version the server serves. */
    public List<RemovedApiUse> live(List<? extends HasMetadata> objects) {
        List<RemovedApiUse> out = new ArrayList<>();
        for (HasMetadata o : objects) {
            Map<String, String> annotations = o.getMetadata().getAnnotations();
            String applied = annotations == null ? null : annotations.get(LAST_APPLIED);
            lastAppliedVersion(applied).flatMap(v -> table.removal(v, o.getKind(), target)).ifPresent(r ->
                    out.add(new RemovedApiUse(name(o), "last applied (kubectl apply) with", r)));
            List<ManagedFieldsEntry> managed = o.getMetadata().getManagedFields();
            if (managed != null) {
                for (ManagedFieldsEntry m : managed) {
                    table.removal(m.getApiVersion(), o.getKind(), target).ifPresent(r -> out.add(new RemovedApiUse(
                            name(o), "written by " + m.getManager() + " through", r)));
                }
            }
        }
        return out;
    }

    private static Optional<String> lastAppliedVersion(String applied) {
        if (applied == null || applied.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode v = JSON.readTree(applied).path("apiVersion");
            return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not JSON: kubectl did not write it, nothing to learn from it
        }
    }

    private static String name(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null || ns.isEmpty() ? "" : ns + "/") + o.getMetadata().getName();
    }
}
