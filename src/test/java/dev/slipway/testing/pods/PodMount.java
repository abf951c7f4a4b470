package dev.slipway.testing.pods;

import java.nio.file.Path;

/**
 * One bind mount the runtime makes in the container's mount namespace: a volume prepared outside the Pod's root
 * ({@code source}) at its mount path inside the root ({@code target}, absolute in the container), read-only when the
 * container's {@code volumeMount} says so.
 */
record PodMount(Path source, String target, boolean readOnly) {
}
