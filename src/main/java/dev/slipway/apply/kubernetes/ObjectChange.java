package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One entry of a deploy plan.
 *
 * @param ref       the object
 * @param component the component it belongs to
 * @param type      what happens to it
 * @param fields    for {@link ChangeType#UPDATE}: the changed field paths ({@code spec.replicas},
 *                  {@code data.token}); never values
 * @param detail    a short note: a Secret's keys and value hash, a conflict's other manager and fields
 * @param desired   the object to apply; for a prune, the live object to delete
 */
public record ObjectChange(ObjectRef ref, String component, ChangeType type, List<String> fields, String detail,
        HasMetadata desired) {
    public ObjectChange {
        fields = List.copyOf(fields);
        detail = detail == null ? "" : detail;
    }
}
