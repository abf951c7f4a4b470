package dev.slipway.apply.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.List;

/**
 * One component as {@code deploy} applies it: its name (the folder under {@code build/ENV/k8s/}), how long to wait
 * for it to become ready, and its objects in the order they were rendered.
 */
public record DesiredComponent(String name, Duration readyTimeout, List<HasMetadata> objects) {
    public DesiredComponent {
        objects = List.copyOf(objects);
    }
}
