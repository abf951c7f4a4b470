package dev.slipway.render.k8s;

import dev.slipway.spec.VolumeSpec;

/**
 * The one rule that names StorageClasses, so the essentials that create them and the workloads that claim volumes
 * cannot disagree: one class per EBS volume type, {@code ebs-gp3}, {@code ebs-io2}, … (encrypted, bound when the
 * first consumer is scheduled).
 */
public final class StorageClassNames {
    private StorageClassNames() {
    }

    /** The StorageClass a PersistentVolumeClaim for {@code volume} uses. */
    public static String forVolume(VolumeSpec volume) {
        return forType(volume.type());
    }

    /** The StorageClass of EBS volume type {@code type}, e.g. {@code gp3} → {@code ebs-gp3}. */
    public static String forType(String type) {
        return "ebs-" + type;
    }
}
