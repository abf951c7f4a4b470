package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;

/**
 * One component as {@code deploy} applies it: its name (the folder under {@code build/ENV/k8s/}), how long to wait
 * for it to become ready, and its objects in the order they were rendered.
 *
 * @param recordKey what the applied record keys it by ({@link RenderedManifest#recordKey()}); empty for a component
 *                  no record may vouch for (one not read from a manifest, or filled in at apply time)
 * @param vouched   whether the applied record vouched for it: then {@code objects} are its live objects, as listed,
 *                  known to be exactly what applying its manifest again would leave (nothing to plan object by
 *                  object)
 */
public record DesiredComponent(String name, Duration readyTimeout, List<HasMetadata> objects, String recordKey,
        boolean vouched) {
    public DesiredComponent {
        objects = List.copyOf(objects);
        recordKey = recordKey == null ? "" : recordKey;
    }

    /** A component built in code (no manifest, so no record vouches for it). */
    public DesiredComponent(String name, Duration readyTimeout, List<HasMetadata> objects) {
        this(name, readyTimeout, objects, "", false);
    }
}
