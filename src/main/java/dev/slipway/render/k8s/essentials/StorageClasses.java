package dev.slipway.render.k8s.essentials;

import dev.slipway.render.k8s.StorageClassNames;
import dev.slipway.spec.Environment;
import dev.slipway.spec.VolumeSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One StorageClass per EBS volume type the spec's volumes use, named by {@link StorageClassNames} ({@code ebs-gp3}),
 * plus {@code ebs-gp3} itself, which is the default class. Every class makes encrypted volumes, binds them where the
 * first consuming Pod is scheduled (an EBS volume lives in one zone), keeps them when the claim goes away (data
 * outlives a mistaken delete), and tags them for the daily snapshot policy of Terraform's {@code storage.tf}.
 */
public final class StorageClasses {
    /** The tag the DLM snapshot policy selects on; the value is the cluster name (Terraform {@code Storage}). */
    public static final String SNAPSHOT_TAG = "slipway/snapshots";
    static final String DEFAULT_TYPE = "gp3";
    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    private StorageClasses() {
    }

    static List<HasMetadata> of(Environment env, String driver) {
        TreeSet<String> types = new TreeSet<>();
        types.add(DEFAULT_TYPE);
        for (VolumeSpec v : List.of(env.volumes().mongo(), env.volumes().logging(), env.volumes().metrics())) {
            if (v != null) {
                types.add(v.type());
            }
        }
        List<HasMetadata> out = new ArrayList<>();
        for (String type : types) {
            Map<String, String> parameters = new TreeMap<>();
            parameters.put("type", type);
            parameters.put("encrypted", "true");
            parameters.put("csi.storage.k8s.io/fstype", "ext4");
            parameters.put("tagSpecification_1", SNAPSHOT_TAG + "=" + env.clusterName());
            out.add(new StorageClassBuilder()
                    .withNewMetadata().withName(StorageClassNames.forType(type))
                        .withAnnotations(Map.of(DEFAULT_ANNOTATION, String.valueOf(type.equals(DEFAULT_TYPE))))
                    .endMetadata()
                    .withProvisioner(driver)
                    .withParameters(parameters)
                    .withVolumeBindingMode("WaitForFirstConsumer")
                    .withReclaimPolicy("Retain")
                    .withAllowVolumeExpansion(true)
                    .build());
        }
        return out;
    }
}
